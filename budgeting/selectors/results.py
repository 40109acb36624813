"""Reads for results pages and API: results, charts, anonymised ballots, receipt checks.

Nothing here joins a ballot to a person: ballots are read by budget only, in the order of
their random keys, and shown without key, channel or receipt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    Budget,
    Phase,
    Result,
    ResultLine,
    Round,
)


def voting_closed(round_: Round) -> bool:
    from budgeting.services.results import voting_closed as closed

    return closed(round_)


def budgets_with_results(round_: Round) -> QuerySet[Budget]:
    return (
        Budget.objects.filter(round=round_)
        .select_related("area", "result")
        .order_by("area__path", "pk")
    )


def budget_for_results(pk: int) -> Budget:
    return Budget.objects.select_related("round", "round__organisation", "area").get(pk=pk)


def result_of(budget: Budget, *, include_unpublished: bool = False) -> Result | None:
    result = Result.objects.filter(budget=budget).first()
    if result is None or (result.published_at is None and not include_unpublished):
        return None
    return result


def result_lines(result: Result) -> list[ResultLine]:
    return list(
        result.lines.select_related("item", "item__project").order_by(
            "position", "-votes", "item__pk"
        )
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    selected: bool
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    label_width: int
    bar_width: int
    max_value: int


def bar_chart(lines: Sequence[ResultLine]) -> Chart:
    """Bar geometry for an SVG chart of votes per proposal (drawn by the template)."""
    ordered = sorted(lines, key=lambda line: (-line.votes, line.item_id))
    top = max((line.votes for line in ordered), default=0) or 1
    row = 28
    bars = [
        Bar(
            label=line.item.title[:40],
            value=line.votes,
            selected=line.selected,
            y=k * row,
            width=round(400 * line.votes / top, 1),
        )
        for k, line in enumerate(ordered)
    ]
    return Chart(
        bars=bars, height=max(len(bars) * row, row), label_width=260, bar_width=400, max_value=top
    )


def share_of_budget(line: ResultLine, budget: Budget) -> Decimal | None:
    if not budget.amount:
        return None
    return (Decimal(100) * line.cost / budget.amount).quantize(Decimal("0.1"))


# ------------------------------------------------------------------- anonymised ballots
def ballots_public(budget: Budget) -> bool:
    """Anonymised ballots are published once voting has closed."""
    return voting_closed(budget.round)


def anonymised_ballots(budget: Budget) -> QuerySet[Ballot]:
    """The ballots of a budget in the order of their random keys, with their choices.

    Callers show only the position in this list and the choices; the key, the
    ``voter_key``, the receipt hash and the channel stay inside.
    """
    choices = BallotChoice.objects.select_related("item").order_by("rank", "item__pk")
    return (
        Ballot.objects.filter(budget=budget)
        .order_by("id")
        .only("id", "budget_id")
        .prefetch_related(Prefetch("choices", queryset=choices))
    )


def ballot_rows(ballots: Sequence[Ballot], *, start: int = 1) -> list[dict[str, Any]]:
    """Plain rows for pages and API: a running number and the choices."""
    rows = []
    for number, ballot in enumerate(ballots, start=start):
        rows.append({"number": number, "choices": _choices(ballot)})
    return rows


def _choices(ballot: Ballot) -> list[dict[str, Any]]:
    return [
        {
            "item_id": choice.item_id,
            "title": choice.item.title,
            "points": choice.points,
            "rank": choice.rank,
        }
        for choice in ballot.choices.all()
    ]


def iter_anonymised(budget: Budget) -> Iterator[list[dict[str, Any]]]:
    for ballot in anonymised_ballots(budget).iterator(chunk_size=2000):
        yield _choices(ballot)


# ------------------------------------------------------------------------ receipt check
def receipt_hashes(code: str) -> list[str]:
    """The hashes a typed receipt code may have been stored under: as given, and in the
    normal form the ballot service uses (upper case, without dashes or spaces)."""
    raw = code.strip()
    normal = raw.upper().replace("-", "").replace(" ", "")
    return list(
        dict.fromkeys(hashlib.sha256(text.encode()).hexdigest() for text in (raw, normal) if text)
    )


@dataclass(frozen=True)
class ReceiptCheck:
    found: bool
    public: bool = False
    budget: Budget | None = None
    number: int | None = None
    choices: tuple[dict[str, Any], ...] = ()


def receipt_check(code: str) -> ReceiptCheck:
    """Is the ballot with this receipt counted? Shows the ballot as counted, and its number
    in the published list, once voting has closed; before, only that it is stored."""
    hashes = receipt_hashes(code)
    if not hashes:
        return ReceiptCheck(found=False)
    ballot = (
        Ballot.objects.filter(receipt_hash__in=hashes)
        .select_related("budget", "budget__round", "budget__area")
        .first()
    )
    if ballot is None:
        return ReceiptCheck(found=False)
    budget = ballot.budget
    if not ballots_public(budget):
        return ReceiptCheck(found=True, public=False, budget=budget)
    number = Ballot.objects.filter(budget=budget, id__lt=ballot.id).count() + 1
    ballot = anonymised_ballots(budget).get(pk=ballot.pk)
    return ReceiptCheck(
        found=True, public=True, budget=budget, number=number, choices=tuple(_choices(ballot))
    )


def rounds_with_results() -> QuerySet[Round]:
    later = PHASE_ORDER[PHASE_ORDER.index(Phase.VOTING) + 1 :]
    return (
        Round.objects.filter(phase__in=later)
        .select_related("organisation")
        .order_by("-voting_close")
    )
