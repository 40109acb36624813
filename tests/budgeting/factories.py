"""A budgeting round on the test city, in any phase, with proposals on the ballot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.models import Assessment, Budget, Feasibility, Item, Phase, PhaseChange, Round
from tests.factories import CityFixture


@dataclass
class RoundFixture:
    round: Round
    city_budget: Budget
    north_budget: Budget
    city_items: list[Item]
    north_items: list[Item]


def round_dates(now: datetime, phase: str) -> dict[str, datetime]:
    """Dates that put a round in ``phase`` at ``now`` (each phase lasts ten days)."""
    order = [Phase.PROPOSALS, Phase.SUPPORTS, Phase.ASSESSMENT, Phase.VOTING, Phase.RESULTS]
    position = order.index(Phase(phase)) if phase in order else 0
    start = now - timedelta(days=5 + 10 * position)
    day = timedelta(days=10)
    return {
        "proposals_open": start,
        "proposals_close": start + day,
        "supports_open": start + day,
        "supports_close": start + 2 * day,
        "assessment_open": start + 2 * day,
        "assessment_close": start + 3 * day,
        "voting_open": start + 3 * day,
        "voting_close": start + 4 * day,
    }


def build_round(
    city: CityFixture,
    *,
    phase: str = Phase.VOTING,
    city_type: str = "knapsack",
    north_type: str = "approval",
    slug: str = "pb-2027",
    **options: object,
) -> RoundFixture:
    now = timezone.now()
    round = Round.objects.create(
        organisation=city.organisation,
        title="Town budget 2027",
        slug=slug,
        total_budget=Decimal("1500000"),
        phase=phase,
        **round_dates(now, phase),
        **options,
    )
    PhaseChange.objects.create(round=round, phase=phase, changed_at=now)
    city_budget = Budget.objects.create(
        round=round,
        area=city.areas["city"],
        name="Town-wide",
        amount=Decimal("1000000"),
        ballot_type=city_type,
        max_items=None,
    )
    north_budget = Budget.objects.create(
        round=round,
        area=city.areas["north"],
        name="North",
        amount=Decimal("500000"),
        ballot_type=north_type,
        max_items=3,
    )
    on_ballot = phase in (Phase.VOTING, Phase.RESULTS)

    def item(budget: Budget, title: str, cost: int) -> Item:
        created = Item.objects.create(
            round=round,
            budget=budget,
            author=city.people["signed_in"],
            title=title,
            description=f"{title}: a proposal described in enough words.",
            estimated_cost=Decimal(cost),
            on_ballot=on_ballot,
        )
        if on_ballot:
            Assessment.objects.create(
                item=created, feasibility=Feasibility.FEASIBLE, cost_estimate=Decimal(cost)
            )
        return created

    city_items = [
        item(city_budget, "Riverside park", 600_000),
        item(city_budget, "Bike lanes", 300_000),
        item(city_budget, "Library hours", 200_000),
        item(city_budget, "Tree planting", 100_000),
    ]
    north_items = [
        item(north_budget, "Playground", 200_000),
        item(north_budget, "Street lights", 150_000),
        item(north_budget, "Benches", 50_000),
        item(north_budget, "Community garden", 120_000),
    ]
    return RoundFixture(round, city_budget, north_budget, city_items, north_items)
