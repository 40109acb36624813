"""Builders for closed rounds with ballots, for the results, receipts and export tests.

Ballots are written straight into the models (as the casting service stores them), so
that the counting can be tested on its own.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.models import (
    Ballot,
    BallotChoice,
    Budget,
    Channel,
    Item,
    Phase,
    Round,
    VoterRoll,
)
from civic.accounts.models import User
from civic.places.models import Area, Organisation


def closed_round(
    organisation: Organisation,
    *,
    rule: str = "greedy-cost",
    completion: str = "add1",
    slug: str = "closed",
    phase: str = Phase.RESULTS,
) -> Round:
    now = timezone.now()
    start = now - timedelta(days=100)
    return Round.objects.create(
        organisation=organisation,
        title="Budget 2025",
        slug=slug,
        total_budget=Decimal("1000"),
        phase=phase,
        rule=rule,
        completion=completion,
        proposals_open=start,
        proposals_close=start + timedelta(days=10),
        assessment_open=start + timedelta(days=10),
        assessment_close=start + timedelta(days=20),
        voting_open=start + timedelta(days=20),
        voting_close=now - timedelta(days=1),
    )


def make_budget(
    round_: Round,
    area: Area,
    *,
    amount: int = 1000,
    ballot_type: str = "approval",
    **fields: object,
) -> Budget:
    return Budget.objects.create(
        round=round_,
        area=area,
        name=f"{area.name} budget",
        amount=Decimal(amount),
        ballot_type=ballot_type,
        **fields,
    )


def make_items(budget: Budget, costs: Sequence[int], **fields: object) -> list[Item]:
    return [
        Item.objects.create(
            round=budget.round,
            budget=budget,
            title=f"Proposal {k + 1}",
            description="A proposal.",
            estimated_cost=Decimal(cost),
            on_ballot=True,
            **fields,
        )
        for k, cost in enumerate(costs)
    ]


def cast(
    budget: Budget,
    choices: Sequence[Item] | dict[Item, int],
    *,
    channel: str = Channel.WEB,
    code: str | None = None,
    ranked: bool = False,
) -> str:
    """Store one ballot; returns its receipt code."""
    code = code or secrets.token_hex(6).upper()
    ballot = Ballot.objects.create(
        budget=budget,
        voter_key=secrets.token_hex(32),
        channel=channel,
        receipt_hash=hashlib.sha256(code.encode()).hexdigest(),
    )
    if isinstance(choices, dict):
        rows = [BallotChoice(ballot=ballot, item=item, points=pts) for item, pts in choices.items()]
    else:
        rows = [
            BallotChoice(ballot=ballot, item=item, rank=(k + 1) if ranked else None)
            for k, item in enumerate(choices)
        ]
    BallotChoice.objects.bulk_create(rows)
    return code


def roll(
    budget: Budget, user: User | None, *, area: Area | None, channel: str = Channel.WEB
) -> None:
    VoterRoll.objects.create(
        round=budget.round,
        budget=budget,
        user=user,
        channel=channel,
        area_id_snapshot=area.pk if area else None,
    )
