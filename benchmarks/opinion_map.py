"""Refresh time and peak memory of the opinion map on generated dialogues.

Usage: python benchmarks/opinion_map.py [--json] [--sizes 1000x100,20000x1000,...]
       [--repeat N]

Sparsity is realistic: the number of votes per participant is log-normal (median about
two dozen, capped at the number of statements) and early statements are seen more often
than late ones. Opinions come from three camps with noise and passes.

`seconds` is the best wall time of a refresh (building the matrix from vote lists,
PCA, clustering with the bootstrap stability check, all statistics, the snapshot).
`peak_mb` is the peak memory allocated during one refresh as traced by tracemalloc
(NumPy and SciPy report their buffers to it), measured in a separate run. With --json
the last line is {"runs": [{"participants", "statements", "votes", "seconds", "peak_mb"}]}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from participation.opinion_map import compute_opinion_map

DEFAULT_SIZES = "1000x100,20000x1000,50000x2000"


def generate(
    participants: int, statements: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    per_person = np.clip(
        np.round(rng.lognormal(mean=np.log(24), sigma=0.6, size=participants)), 1, statements
    ).astype(np.int64)
    popularity = 1.0 / (np.arange(statements) + 10.0) ** 0.7
    popularity /= popularity.sum()
    rows = np.repeat(np.arange(participants), per_person)
    cols = rng.choice(statements, size=rows.size, p=popularity)
    keys = np.unique(rows * statements + cols)  # one vote per person and statement
    rows, cols = keys // statements, keys % statements
    camps = rng.integers(0, 3, size=participants)
    stance = rng.choice([-1, 1], size=(3, statements))
    stance[:, : statements // 10] = 1
    draw = rng.random(rows.size)
    votes = np.where(draw < 0.15, 0, stance[camps[rows], cols])
    votes = np.where((draw >= 0.15) & (draw < 0.3), -votes, votes)
    order = rng.permutation(rows.size)  # votes arrive in no particular order
    return rows[order] + 1, cols[order] + 1, votes[order].astype(np.int64)


def refresh(rows: np.ndarray, cols: np.ndarray, votes: np.ndarray, statements: int) -> None:
    moderated = list(range(statements - 2, statements + 1))
    compute_opinion_map(rows, cols, votes, moderated_statement_ids=moderated)  # type: ignore[arg-type]


def measure(participants: int, statements: int, repeat: int) -> dict[str, float | int]:
    rows, cols, votes = generate(participants, statements)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        refresh(rows, cols, votes, statements)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    refresh(rows, cols, votes, statements)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "participants": participants,
        "statements": statements,
        "votes": int(votes.size),
        "seconds": round(best, 3),
        "peak_mb": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="PxS,PxS,...")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (best)")
    args = parser.parse_args()

    warm_rows, warm_cols, warm_votes = generate(200, 30)
    refresh(warm_rows, warm_cols, warm_votes, 30)  # imports and first-call costs

    runs = []
    print(f"{'participants':>12} {'statements':>10} {'votes':>10} {'seconds':>8} {'peak MB':>8}")
    for size in args.sizes.split(","):
        participants, statements = (int(part) for part in size.lower().split("x"))
        run = measure(participants, statements, args.repeat)
        runs.append(run)
        print(
            f"{run['participants']:>12} {run['statements']:>10} {run['votes']:>10} "
            f"{run['seconds']:>8.3f} {run['peak_mb']:>8.1f}",
            flush=True,
        )
    if args.json:
        print(json.dumps({"runs": runs}))


if __name__ == "__main__":
    main()
