"""``python -m budgeting.tally FILE.pb --rule RULE [--completion C] [--tie-break T] [--json]``"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from budgeting.tally.completion import COMPLETIONS
from budgeting.tally.pabulib import PabulibError, parse_file
from budgeting.tally.rules import RULES, tally
from budgeting.tally.tiebreak import TIE_BREAKS, TieBreak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budgeting.tally", description=__doc__)
    parser.add_argument("file", help="pabulib .pb file (or .pb.gz)")
    parser.add_argument("--rule", required=True, choices=RULES)
    parser.add_argument("--completion", default="none", choices=COMPLETIONS)
    parser.add_argument(
        "--tie-break",
        default=None,
        choices=TIE_BREAKS,
        help="default: lexico (as pabutools); for --rule city the city's conventions",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    tie_break: TieBreak | None = args.tie_break
    start = time.perf_counter()
    try:
        profile = parse_file(args.file)
    except (OSError, PabulibError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    parsed = time.perf_counter()
    try:
        outcome = tally(profile, args.rule, args.completion, tie_break)
    except ValueError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    done = time.perf_counter()
    if args.json:
        print(json.dumps({"selected": outcome.selected, "seconds": round(done - start, 6)}))
        return 0
    print(
        f"{args.file}: {profile.num_voters} voters, {profile.num_projects} projects, "
        f"budget {profile.budget}, rule {args.rule}, completion {args.completion}"
    )
    share = float(outcome.cost / profile.budget) * 100 if profile.budget else 0.0
    print(
        f"selected {len(outcome.selected)} projects costing {outcome.cost} "
        f"({share:.1f}% of the budget):"
    )
    for pid in outcome.selected:
        print(f"  {pid}  cost {profile.costs[profile.index_of[pid]]}")
    for key, value in outcome.details.items():
        print(f"{key}: {value}")
    print(f"parse {parsed - start:.3f} s, tally {done - parsed:.3f} s, total {done - start:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
