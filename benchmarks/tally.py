"""Benchmark the PB tally engine against pabutools 1.2.3 on the largest shared instances.

    python benchmarks/tally.py [--timeout 120] [--rules greedy-cost mes-cost ...] [--json]

Reads ``../shared/data/pabulib/`` relative to the repository (the shared pabulib data);
says so and exits when it is absent. Each measurement runs in a fresh subprocess (one at a
time), so peak memory (max RSS) is per run; pabutools runs are killed at ``--timeout``.
Times are parse + rule, after the imports (as the CLI's ``seconds``), both wall clock
and CPU time of the process (on a shared machine the CPU time is the steadier figure;
the load average is printed before and after). Ratios are pabutools' over ours, in CPU
time when both finished; a pabutools run that hits ``--timeout`` (wall clock, imports
included) gives a ``>`` bound in wall time. With ``--json`` the last line is one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / ".." / "shared" / "data" / "pabulib"
LARGEST = (
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Lodz_2022.pb",
    "Poland_Krakow_2024.pb",
    "Poland_Warszawa_2026.pb",
    "Hungary_Budapest_2024.pb",
    "Netherlands_Amsterdam_309.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "France_Toulouse_2022.pb",
)
RULES = (
    "greedy-cost",
    "greedy-card",
    "mes-cost",
    "mes-card",
    "mes-additive",
    "mes-cost+add1",
    "mes-cost+add1-comparison",
    "mes-cost+add1-pabutools",
    "phragmen",
    "max-welfare",
)

OURS = """
import json, resource, sys, time
from budgeting.tally import parse_file, tally
t, c = time.perf_counter(), time.process_time()
path, rule = sys.argv[1], sys.argv[2]
base, _, completion = rule.partition("+")
out = tally(parse_file(path), base, completion or "none")
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "selected": out.selected,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PABUTOOLS = """
import json, resource, sys, time
from pabutools.election import (parse_pabulib, Cost_Sat, Cardinality_Sat,
    Additive_Borda_Sat, Additive_Cardinal_Sat)
from pabutools.election.profile import (AbstractOrdinalProfile, AbstractCardinalProfile,
    AbstractApprovalProfile)
from pabutools.rules import (greedy_utilitarian_welfare, method_of_equal_shares,
    sequential_phragmen, max_additive_utilitarian_welfare)
t, c = time.perf_counter(), time.process_time()
path, rule = sys.argv[1], sys.argv[2]
base, _, completion = rule.partition("+")
if completion not in ("", "add1-pabutools"):
    raise SystemExit("no pabutools equivalent")
inst, prof = parse_pabulib(path)
additive = (Additive_Borda_Sat if isinstance(prof, AbstractOrdinalProfile) else
            Additive_Cardinal_Sat if isinstance(prof, AbstractCardinalProfile) else Cardinality_Sat)
sats = {"cost": Cost_Sat, "card": Cardinality_Sat, "additive": additive}
if base.startswith("greedy-"):
    out = greedy_utilitarian_welfare(inst, prof, sat_class=sats[base[7:]])
elif base.startswith("mes-"):
    out = method_of_equal_shares(inst, prof, sat_class=sats[base[4:]],
        voter_budget_increment=1 if completion == "add1-pabutools" else None)
elif base == "phragmen":
    if not isinstance(prof, AbstractApprovalProfile):
        raise SystemExit("approval only")
    out = sequential_phragmen(inst, prof)
else:
    out = max_additive_utilitarian_welfare(inst, prof, sat_class=additive)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "selected": [p.name for p in out],
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def measure(code: str, path: Path, rule: str, timeout: float) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path), rule],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "limit": timeout}
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        return {
            "status": "n/a",
            "reason": reason[:120],
            "wall": round(time.perf_counter() - start, 3),
        }
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["status"] = "ok"
    result["peak_mb"] = round(result.pop("rss_kb") / 1024, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=120.0, help="pabutools limit, seconds")
    parser.add_argument("--rules", nargs="*", default=list(RULES))
    parser.add_argument("--instances", nargs="*", default=list(LARGEST))
    parser.add_argument("--no-pabutools", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not SHARED.is_dir():
        msg = f"shared pabulib data not found at {SHARED.resolve()}; nothing to benchmark"
        print(msg)
        if args.json:
            print(json.dumps({"error": msg, "results": []}))
        return 1
    rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {load_before}, cores: {os.cpu_count()}")
    print(
        f"{'instance':38s} {'rule':26s} {'ours s':>8s} {'cpu':>7s} {'MB':>6s} "
        f"{'pabutools s':>12s} {'cpu':>8s} {'MB':>6s} {'ratio':>8s} same"
    )
    for name in args.instances:
        path = SHARED / name
        if not path.exists():
            print(f"{name}: missing, skipped")
            continue
        for rule in args.rules:
            ours = measure(OURS, path, rule, timeout=600)
            ref = (
                {"status": "not run"}
                if args.no_pabutools
                else measure(PABUTOOLS, path, rule, args.timeout)
            )
            ratio = None
            same = None
            if ours["status"] == "ok" and ref["status"] == "ok":
                ratio = ref["cpu"] / max(ours["cpu"], 1e-6)
                same = set(ours["selected"]) == set(ref["selected"])
            elif ours["status"] == "ok" and ref["status"] == "timeout":
                ratio = args.timeout / ours["seconds"]  # a lower bound
            row = {
                "instance": name,
                "rule": rule,
                "ours_seconds": ours.get("seconds"),
                "ours_cpu": ours.get("cpu"),
                "ours_peak_mb": ours.get("peak_mb"),
                "ours_status": ours["status"],
                "pabutools_seconds": ref.get("seconds"),
                "pabutools_cpu": ref.get("cpu"),
                "pabutools_peak_mb": ref.get("peak_mb"),
                "pabutools_status": ref["status"],
                "ratio": ratio,
                "same_outcome": same,
            }
            rows.append(row)
            o = (
                f"{ours['seconds']:8.3f}"
                if ours.get("seconds") is not None
                else f"{ours['status']:>8s}"
            )
            oc = f"{ours['cpu']:7.3f}" if ours.get("cpu") is not None else f"{'-':>7s}"
            rc = f"{ref['cpu']:8.2f}" if ref.get("cpu") is not None else f"{'-':>8s}"
            if ref.get("seconds") is not None:
                r = f"{ref['seconds']:12.2f}"
            elif ref["status"] == "timeout":
                r = f"{'>' + str(int(args.timeout)):>12s}"
            else:
                r = f"{ref['status']:>12s}"
            ratio_s = f"{'>' if ref['status'] == 'timeout' else ''}{ratio:.0f}x" if ratio else "-"
            print(
                f"{name[:38]:38s} {rule:26s} {o} {oc} {ours.get('peak_mb', '-')!s:>6s} {r} {rc} "
                f"{ref.get('peak_mb', '-')!s:>6s} {ratio_s:>8s} {'' if same is None else same}",
                flush=True,
            )
    load_after = os.getloadavg()
    print(f"load average (1, 5, 15 min) after: {load_after}")
    if args.json:
        print(
            json.dumps(
                {
                    "timeout": args.timeout,
                    "load_before": load_before,
                    "load_after": load_after,
                    "results": rows,
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
