"""Regenerate tests/data/pabulib/pabutools_outcomes.json: pabutools 1.2.3 outcomes of
every rule on every test instance, so that CI can compare the tally engine with
pabutools without spending minutes per instance.

    python scripts/tally_pabutools_cache.py [--timeout 150] [--only NAME ...]

Each pabutools call runs in its own subprocess with a time limit (one at a time);
a call that times out is recorded as ``null`` (the tests check no such pair and list it
in tests/data/pabulib/SOURCES.md). The base rules run on every instance first, then
the slow completions; the file is rewritten atomically after every call, so stopping
the job loses nothing. Existing entries are kept unless ``--refresh`` is given.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "pabulib"
CACHE = DATA / "pabutools_outcomes.json"

RULES = (
    "greedy-cost",
    "greedy-card",
    "mes-cost",
    "mes-card",
    "mes-additive",
    "mes-cost+add1-pabutools",
    "mes-card+add1-pabutools",
    "phragmen",
    "max-welfare",
)


def _load(path: Path) -> tuple[Any, Any]:
    import gzip

    from pabutools.election.pabulib import parse_pabulib_from_string

    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return parse_pabulib_from_string(raw.decode("utf-8-sig"))


def _additive_sat(profile: Any) -> Any:
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cardinality_Sat,
    )
    from pabutools.election.profile import AbstractCardinalProfile, AbstractOrdinalProfile

    if isinstance(profile, AbstractOrdinalProfile):
        return Additive_Borda_Sat
    if isinstance(profile, AbstractCardinalProfile):
        return Additive_Cardinal_Sat
    return Cardinality_Sat


def compute(path: str, rule: str) -> dict[str, Any]:
    """One pabutools outcome (run inside a subprocess)."""
    from pabutools.election import Cardinality_Sat, Cost_Sat
    from pabutools.election.profile import AbstractApprovalProfile
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        max_additive_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    instance, profile = _load(Path(path))
    base, _, completion = rule.partition("+")
    sats = {"cost": Cost_Sat, "card": Cardinality_Sat}
    start = time.process_time()
    if base in ("greedy-cost", "greedy-card"):
        out = greedy_utilitarian_welfare(instance, profile, sat_class=sats[base[7:]])
    elif base.startswith("mes-"):
        kind = base[4:]
        sat = sats[kind] if kind in sats else _additive_sat(profile)
        out = method_of_equal_shares(
            instance,
            profile,
            sat_class=sat,
            voter_budget_increment=1 if completion == "add1-pabutools" else None,
        )
    elif base == "phragmen":
        if not isinstance(profile, AbstractApprovalProfile):
            return {"error": "approval only"}
        out = sequential_phragmen(instance, profile)
    elif base == "max-welfare":
        sat = _additive_sat(profile)
        out = max_additive_utilitarian_welfare(instance, profile, sat_class=sat)
        sat_profile = profile.as_sat_profile(sat)
        welfare = sat_profile.total_satisfaction(out)
        return {
            "selected": sorted(p.name for p in out),
            "welfare": str(welfare),
            "seconds": round(time.process_time() - start, 2),
        }
    else:
        raise ValueError(rule)
    return {"selected": [p.name for p in out], "seconds": round(time.process_time() - start, 2)}


def _worker(path: str, rule: str, queue: Any) -> None:
    try:
        queue.put(compute(path, rule))
    except Exception as exc:  # reported in the cache
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def run_with_timeout(path: Path, rule: str, timeout: float) -> dict[str, Any] | None:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_worker, args=(str(path), rule, queue))
    proc.start()
    try:
        result: dict[str, Any] = queue.get(timeout=timeout)
        return result
    except Exception:
        return None
    finally:
        proc.join(1)
        if proc.is_alive():
            proc.kill()
            proc.join()


BASE_RULES = ("greedy-cost", "greedy-card", "mes-cost", "mes-card", "phragmen", "mes-additive")


def _vote_type(path: Path) -> str:
    """The META vote_type, read without parsing the whole file."""
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig") as fh:
        for line in fh:
            key, _, value = line.partition(";")
            if key.strip() == "vote_type":
                return value.strip()
            if key.strip().upper() == "PROJECTS":
                break
    return ""


def _applies(rule: str, vote_type: str) -> str | None:
    """Why ``rule`` is not run on this ballot type (None: it is run)."""
    approval = vote_type in ("approval", "choose-1")
    if rule == "phragmen" and not approval:
        return "approval only"
    return None


def _save(cache: dict[str, dict[str, Any]]) -> None:
    """Write the cache atomically, so that stopping the job never loses or truncates it."""
    tmp = CACHE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n")
    tmp.replace(CACHE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--only", nargs="*", default=None, help="instance file names")
    parser.add_argument("--rules", nargs="*", default=list(RULES))
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument(
        "--retry-timeouts", action="store_true", help="rerun pairs recorded as null"
    )
    args = parser.parse_args()
    cache: dict[str, dict[str, Any]] = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    files = sorted(
        (p for p in DATA.iterdir() if p.name.endswith((".pb", ".pb.gz"))),
        key=lambda p: p.stat().st_size,
    )
    # base rules on every instance first (smallest first), then the slow completions
    base = [r for r in args.rules if r in BASE_RULES]
    rest = [r for r in args.rules if r not in BASE_RULES]
    for phase in (base, rest):
        for path in files:
            name = path.name.removesuffix(".gz")
            if args.only and name not in args.only:
                continue
            vote_type = _vote_type(path)
            for rule in phase:
                entry = cache.setdefault(name, {})
                if rule == "mes-additive" and vote_type in ("approval", "choose-1"):
                    continue  # the same as mes-card on approval ballots
                known = rule in entry and (entry[rule] is not None or not args.retry_timeouts)
                if known and not args.refresh:
                    continue  # a known answer, or a timeout verdict: keep it
                why_not = _applies(rule, vote_type)
                result = (
                    {"error": why_not} if why_not else run_with_timeout(path, rule, args.timeout)
                )
                entry[rule] = result
                print(
                    f"{name} {rule}: "
                    f"{'timeout' if result is None else result.get('seconds', result)}",
                    flush=True,
                )
                _save(cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
