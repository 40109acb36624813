"""Demo: Riverton's 2027 budget round, in the voting phase, with three area budgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.models import (
    Assessment,
    Budget,
    Feasibility,
    Item,
    Phase,
    PhaseChange,
    Round,
)
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import ballot_cast
from civic.demo import DemoCity

PROPOSALS: dict[str, list[tuple[str, str, int, bool, str]]] = {
    "riverton": [
        (
            "Riverside cycle path",
            "A separated two-way cycle path along the river, 3.2 km from "
            "the Old Bridge to Docklands, with lighting and benches.",
            620_000,
            True,
            "",
        ),
        (
            "Free library evenings",
            "Open the central library until 21:00 on weekdays, with "
            "homework help for pupils and a quiet study room.",
            180_000,
            True,
            "",
        ),
        (
            "Shade trees for bus stops",
            "Plant 120 trees at the busiest bus stops so that "
            "waiting in summer heat becomes bearable.",
            240_000,
            True,
            "",
        ),
        (
            "Public toilets in parks",
            "Accessible public toilets in the four largest parks, open from 7:00 to 22:00.",
            390_000,
            True,
            "",
        ),
        (
            "Heated outdoor pool",
            "Heat the municipal outdoor pool so it opens from April to October.",
            950_000,
            False,
            "The pool's boiler cannot be extended; replacing it is "
            "a multi-year investment beyond this budget.",
        ),
        (
            "Multilingual city help desk",
            "A help desk with staff speaking Arabic, Chinese and "
            "Polish, two days a week in the town hall.",
            150_000,
            True,
            "",
        ),
    ],
    "north": [
        (
            "Millbrook playground renewal",
            "Replace the worn equipment with an inclusive "
            "playground usable by children in wheelchairs.",
            160_000,
            True,
            "",
        ),
        (
            "Street lights on Cedar Lane",
            "Twelve LED street lights on the dark stretch of Cedar Lane used by pupils in winter.",
            90_000,
            True,
            "",
        ),
        (
            "Community garden",
            "Raised beds and a water point on the empty plot behind the health centre.",
            60_000,
            True,
            "",
        ),
        (
            "Benches on the canal walk",
            "Twenty benches every 150 m along the canal walk.",
            45_000,
            True,
            "",
        ),
        ("Skate park", "A concrete skate park next to the sports hall.", 210_000, True, ""),
    ],
    "old-town": [
        (
            "Market square fountain",
            "Restore the dry fountain on the market square.",
            120_000,
            True,
            "",
        ),
        (
            "Cobblestone ramps",
            "Ramps at the twelve steepest kerbs for wheelchairs and prams.",
            70_000,
            True,
            "",
        ),
        (
            "Castle Hill viewpoint",
            "A safe railing and information boards at the viewpoint.",
            55_000,
            True,
            "",
        ),
        (
            "Weekend car-free streets",
            "Close three streets to cars on summer weekends.",
            30_000,
            True,
            "",
        ),
    ],
}


def seed_voting_round(demo: DemoCity, say: Callable[[str], None]) -> None:
    if Round.objects.filter(slug="riverton-2027").exists():
        return
    now = timezone.now()
    day = timedelta(days=1)
    round = Round.objects.create(
        organisation=demo.city,
        title="Riverton Budget 2027",
        slug="riverton-2027",
        description="2.2 million euros of next year's budget, decided by residents aged 16 "
        "and over: one city-wide budget and one per district.",
        currency="EUR",
        total_budget=Decimal("2200000"),
        phase=Phase.VOTING,
        min_age=16,
        area_rule="own_and_city",
        rule="mes-cost",
        support_limit=10,
        proposals_open=now - 70 * day,
        proposals_close=now - 45 * day,
        supports_open=now - 45 * day,
        supports_close=now - 35 * day,
        assessment_open=now - 35 * day,
        assessment_close=now - 5 * day,
        voting_open=now - 4 * day,
        voting_close=now + 10 * day,
        created_by=demo.staff["official"],
    )
    for phase, when in (
        (Phase.PROPOSALS, -70),
        (Phase.SUPPORTS, -45),
        (Phase.ASSESSMENT, -35),
        (Phase.VOTING, -4),
    ):
        PhaseChange.objects.create(round=round, phase=phase, changed_at=now + when * day)
    budgets = {
        "riverton": Budget.objects.create(
            round=round,
            area=demo.areas["riverton"],
            name="City-wide",
            amount=1_500_000,
            ballot_type="knapsack",
            min_items=1,
        ),
        "north": Budget.objects.create(
            round=round,
            area=demo.areas["north"],
            name="North Bank",
            amount=400_000,
            ballot_type="approval",
            min_items=1,
            max_items=3,
        ),
        "old-town": Budget.objects.create(
            round=round,
            area=demo.areas["old-town"],
            name="Old Town",
            amount=300_000,
            ballot_type="cumulative",
            points_total=10,
            points_max_per_item=5,
            min_items=1,
        ),
    }
    authors = demo.residents
    items: dict[str, list[Item]] = {}
    for index, (code, proposals) in enumerate(PROPOSALS.items()):
        for number, (title, text, cost, feasible, reason) in enumerate(proposals):
            item = Item.objects.create(
                round=round,
                budget=budgets[code],
                title=title,
                description=text,
                author=authors[(index * 7 + number) % len(authors)],
                estimated_cost=Decimal(cost),
                on_ballot=feasible,
                sdg_goals=[11],
                support_count=(number * 7) % 23 + 3,
            )
            Assessment.objects.create(
                item=item,
                assessor=demo.staff["assessor"],
                feasibility=Feasibility.FEASIBLE if feasible else Feasibility.UNFEASIBLE,
                reason=reason,
                cost_estimate=Decimal(cost),
                assessed_at=now - 10 * day,
            )
            if feasible:
                items.setdefault(code, []).append(item)
    # Some residents have voted already (those verified in the North Bank or Old Town).
    cast = 0
    for resident in demo.residents[:16]:
        verification = resident.verifications.select_related("area").first()
        if verification is None:
            continue
        path = verification.area.path
        city_items = items["riverton"]
        ballot_cast(
            voter=resident,
            budget=budgets["riverton"],
            choices=[
                ChoiceInput(city_items[cast % 3].pk),
                ChoiceInput(city_items[3 + cast % 2].pk),
            ],
        )
        cast += 1
        if path.startswith(demo.areas["north"].path):
            ballot_cast(
                voter=resident,
                budget=budgets["north"],
                choices=[ChoiceInput(i.pk) for i in items["north"][cast % 2 : cast % 2 + 2]],
            )
        elif path.startswith(demo.areas["old-town"].path):
            ballot_cast(
                voter=resident,
                budget=budgets["old-town"],
                choices=[
                    ChoiceInput(items["old-town"][0].pk, points=5),
                    ChoiceInput(items["old-town"][1 + cast % 3].pk, points=3),
                ],
            )
    say(
        f"Budgeting round '{round.title}' in the voting phase: {len(budgets)} budgets, "
        f"{sum(len(v) for v in PROPOSALS.values())} proposals, {cast} residents voted."
    )
