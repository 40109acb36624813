"""Demo data: the city's local SDG targets (idempotent: keyed by organisation and code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civic.accounts.models import Role
from civic.sdg.models import LocalTarget

TARGETS = [
    (
        11,
        "11.2",
        "11.2-R1",
        "Every home within 400 m of a bus or tram stop",
        "Share of homes",
        2030,
    ),
    (
        11,
        "11.7",
        "11.7-R1",
        "A public green space within 300 m of every home",
        "Share of homes",
        2030,
    ),
    (13, "13.2", "13.2-R1", "Halve the city's own greenhouse gas emissions", "t CO2e a year", 2030),
    (
        16,
        "16.7",
        "16.7-R1",
        "One resident in five takes part in a city decision each year",
        "Share of adult residents",
        2028,
    ),
]


def demo_step(demo: Any, say: Callable[[str], None]) -> None:
    official = demo.staff.get(Role.OFFICIAL) or demo.staff.get(Role.ADMINISTRATOR)
    for goal, global_target, code, title, indicator, year in TARGETS:
        LocalTarget.objects.update_or_create(
            organisation=demo.city,
            code=code,
            defaults={
                "goal": goal,
                "global_target": global_target,
                "title": title,
                "indicator": indicator,
                "target_year": year,
                "created_by": official,
            },
        )
    say(f"SDG: {len(TARGETS)} local targets")
