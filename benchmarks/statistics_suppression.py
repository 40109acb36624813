"""Time the suppression of a whole organisation's statistics on a synthetic city.

    .venv/bin/python benchmarks/statistics_suppression.py --people 2000 --processes 12

Builds the same family of cells as the statistics pages (per process and breakdown, per
month, per area and area x month, the organisation's breakdowns) from random participations,
then runs the suppression and prints the time, the number of cells, atoms and rounds.
No database: the areas are unsaved model instances.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")

import django

django.setup()

from civic.places.models import Area  # noqa: E402
from civic.statistics.selectors.participations import Participation, Process  # noqa: E402
from civic.statistics.selectors.statistics import build_cells  # noqa: E402
from civic.statistics.suppression import _atoms, suppress  # noqa: E402


def city(districts: int, neighbourhoods: int) -> list[Area]:
    areas = [Area(pk=1, name="City", path="000001/", depth=0, population=100_000)]
    next_id = 2
    for _d in range(districts):
        district = Area(
            pk=next_id, name=f"D{next_id}", path=f"000001/{next_id:06d}/", depth=1, population=1
        )
        areas.append(district)
        next_id += 1
        for _n in range(neighbourhoods):
            path = f"{district.path}{next_id:06d}/"
            areas.append(Area(pk=next_id, name=f"N{next_id}", path=path, depth=2))
            next_id += 1
    return areas


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=12)
    parser.add_argument("--districts", type=int, default=6)
    parser.add_argument("--neighbourhoods", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    areas = city(args.districts, args.neighbourhoods)
    processes = [
        Process("consultation", i, f"P{i}", date(2026, 1 + i % 12, 1), 1, ())
        for i in range(args.processes)
    ]
    people = [
        (
            f"u{i}",
            rng.choice(areas[1:]).pk if rng.random() < 0.9 else None,
            rng.choice(["18-29", "30-44", "45-64", "65+", "unknown"]),
            rng.choice(["woman", "man", "another", "unknown"]),
        )
        for i in range(args.people)
    ]
    participations = []
    for process in processes:
        for person, area_id, band, gender in rng.sample(people, k=len(people) // 3):
            participations.append(
                Participation(
                    process.key,
                    person,
                    process.month,
                    rng.choice(["web", "web", "web", "meeting", "paper", "desk"]),
                    band,
                    gender,
                    area_id,
                    1,
                )
            )
    cells = build_cells(processes, participations, areas)
    membership, _sizes = _atoms(list(cells.values()))
    started = time.perf_counter()
    result = suppress(cells.values())
    seconds = time.perf_counter() - started
    print(
        f"people={args.people} processes={args.processes} participations={len(participations)} "
        f"cells={len(cells)} atoms={membership.shape[1]} primary={len(result.primary)} "
        f"hidden={len(result.hidden)} rounds={result.rounds} seconds={seconds:.2f}"
    )


if __name__ == "__main__":
    main()
