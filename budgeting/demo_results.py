"""Demo data: a closed round with published results and projects being built, and a real
election imported from pabulib (Assen's youth budget 2024)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from civic.demo import DemoCity

DATA = Path(__file__).resolve().parent / "demo_data"

PROPOSALS = [
    # title, cost, latitude offset, longitude offset, popularity
    ("Shade trees along Mill Street", 42_000, 0.004, -0.006, 0.55),
    ("Safe crossing at Cedar Park school", 28_000, 0.009, 0.002, 0.62),
    ("Outdoor fitness corner by the river", 35_000, -0.002, 0.011, 0.38),
    ("Book swap cabinets in four squares", 6_000, 0.006, 0.008, 0.41),
    ("Covered bicycle parking at the station", 55_000, -0.006, -0.003, 0.33),
    ("Community garden beds for Millbrook", 18_000, 0.012, -0.010, 0.29),
    ("Benches and lighting on the riverside path", 47_000, -0.009, 0.004, 0.47),
]


def seed_results(demo: DemoCity, say: Callable[[str], None]) -> None:
    from budgeting.models import (
        Ballot,
        BallotChoice,
        Budget,
        Channel,
        Item,
        Phase,
        Project,
        ProjectStatus,
        Round,
        VoterRoll,
    )
    from budgeting.services.implementation import milestone_add, project_update
    from budgeting.services.pabulib_io import pabulib_import
    from budgeting.services.results import result_compute, result_publish

    official = next(iter(demo.staff.values()))
    for user in demo.staff.values():
        if user.email.startswith("official@"):
            official = user
    if not Round.objects.filter(slug="riverton-2025").exists():
        now = timezone.now()
        start = now - dt.timedelta(days=300)
        round_ = Round.objects.create(
            organisation=demo.city,
            title="Riverton Neighbourhood Budget 2025",
            slug="riverton-2025",
            description="Residents chose what to build in North Bank.",
            total_budget=Decimal("150000"),
            phase=Phase.RESULTS,
            rule="mes-cost",
            completion="add1",
            proposals_open=start,
            proposals_close=start + dt.timedelta(days=30),
            assessment_open=start + dt.timedelta(days=30),
            assessment_close=start + dt.timedelta(days=60),
            voting_open=start + dt.timedelta(days=60),
            voting_close=start + dt.timedelta(days=80),
            results_at=start + dt.timedelta(days=85),
        )
        north = demo.areas["north"]
        budget = Budget.objects.create(
            round=round_,
            area=north,
            name="North Bank",
            amount=Decimal("150000"),
            ballot_type="approval",
            min_items=1,
            max_items=4,
        )
        base_lat, base_lon = Decimal("52.3702"), Decimal("4.8952")
        items = [
            Item.objects.create(
                round=round_,
                budget=budget,
                title=title,
                description=title + ".",
                estimated_cost=Decimal(cost),
                on_ballot=True,
                author=demo.residents[k % len(demo.residents)],
                latitude=base_lat + Decimal(str(dlat)),
                longitude=base_lon + Decimal(str(dlon)),
            )
            for k, (title, cost, dlat, dlon, _p) in enumerate(PROPOSALS)
        ]
        rng = random.Random(2025)  # noqa: S311 - demo data  # demo data, not security  # nosec B311
        neighbourhoods = [demo.areas["millbrook"], demo.areas["cedar-park"]]
        for voter in range(160):
            chosen = [it for it, p in zip(items, PROPOSALS, strict=True) if rng.random() < p[4]]
            chosen = chosen[:4] or [items[rng.randrange(len(items))]]
            channel = Channel.WEB if voter % 10 else Channel.DESK
            ballot = Ballot.objects.create(
                budget=budget,
                channel=channel,
                voter_key=hashlib.sha256(f"demo-{voter}".encode()).hexdigest(),
                receipt_hash=hashlib.sha256(f"DEMO{voter:04d}RCPT".encode()).hexdigest(),
            )
            BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, item=it) for it in chosen)
            VoterRoll.objects.create(
                round=round_,
                budget=budget,
                channel=channel,
                user=demo.residents[voter] if voter < len(demo.residents) else None,
                area_id_snapshot=neighbourhoods[voter % 2].pk,
            )
        result_compute(actor=official, budget=budget)
        result_publish(actor=official, budget=budget)
        projects = list(Project.objects.filter(item__budget=budget).order_by("pk"))
        today = timezone.localdate()
        for k, project in enumerate(projects):
            milestone_add(
                actor=official,
                project=project,
                date=today - dt.timedelta(days=150),
                title="Design agreed with residents",
                text="A walk-through with the proposers fixed the design.",
            )
            if k % 3 != 2:
                project_update(
                    actor=official,
                    project=project,
                    status=ProjectStatus.IN_PROGRESS,
                    progress=40 + 20 * (k % 2),
                    note="Works started.",
                )
            if k % 3 == 0:
                project_update(
                    actor=official,
                    project=project,
                    status=ProjectStatus.COMPLETED,
                    progress=100,
                    note="Finished and opened to the public.",
                )
        say(
            "Budgeting results: round 'riverton-2025' closed with published results; receipt "
            "codes DEMO0000RCPT … DEMO0159RCPT can be checked."
        )
    if not Round.objects.filter(organisation=demo.city, imported=True).exists():
        round_ = pabulib_import(
            actor=official,
            organisation=demo.city,
            area=demo.areas["riverton"],
            text=(DATA / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8"),
            title="Youth budget (Assen 2024, pabulib)",
        )
        result_publish(actor=official, budget=round_.budgets.get())
        say(f"Budgeting results: imported a real election from pabulib as '{round_.slug}'.")
