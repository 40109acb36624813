"""The rules of each ballot type, applied identically to the ballot page and the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgeting.models import BallotType, Budget, Item
from civic.errors import ValidationFailed


@dataclass(frozen=True)
class ChoiceInput:
    item_id: int
    points: int = 1
    rank: int | None = None


@dataclass(frozen=True)
class BallotSummary:
    """What a ballot adds up to: shown as the running total on the ballot page."""

    items: int
    cost: Decimal
    points: int
    remaining: Decimal


# Validation takes the items of the ballot, or (when casting) just their costs.
ItemCosts = Mapping[int, Item | Decimal]


def item_cost(item: Item | Decimal) -> Decimal:
    value = item if isinstance(item, Decimal) else item.cost
    return value if isinstance(value, Decimal) else Decimal(str(value))


def ballot_summary(
    *, budget: Budget, items: ItemCosts, choices: Sequence[ChoiceInput]
) -> BallotSummary:
    cost = sum((item_cost(items[c.item_id]) for c in choices if c.item_id in items), Decimal(0))
    return BallotSummary(
        items=len(choices),
        cost=cost,
        points=sum(c.points for c in choices),
        remaining=budget.amount - cost,
    )


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def ballot_validate(
    *, budget: Budget, items: ItemCosts, choices: Sequence[ChoiceInput]
) -> list[ChoiceInput]:
    """Check ``choices`` against the budget's ballot rules; raise ``ValidationFailed``
    with one message per offending field (``choices``, ``choices[2].points``...)."""
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    seen: set[int] = set()
    for index, choice in enumerate(choices):
        if choice.item_id not in items:
            fail(f"choices[{index}].item", _("This proposal is not on this ballot."))
        if choice.item_id in seen:
            fail(f"choices[{index}].item", _("This proposal is chosen twice."))
        seen.add(choice.item_id)
    count = len(choices)
    kind = budget.ballot_type
    currency = budget.round.currency
    if kind == BallotType.SINGLE:
        if count != 1:
            fail("choices", _("Choose exactly one proposal."))
    elif count < budget.min_items:
        fail("choices", _("Choose at least %(n)s proposal(s).") % {"n": budget.min_items})
    if kind != BallotType.SINGLE and budget.max_items is not None and count > budget.max_items:
        fail("choices", _("Choose at most %(n)s proposal(s).") % {"n": budget.max_items})
    if kind == BallotType.KNAPSACK and not errors:
        summary = ballot_summary(budget=budget, items=items, choices=choices)
        if summary.cost > budget.amount:
            fail(
                "choices",
                _("Your choices cost %(cost)s, more than the budget of %(budget)s.")
                % {
                    "cost": _money(summary.cost, currency),
                    "budget": _money(budget.amount, currency),
                },
            )
        floor = budget.amount * budget.min_spend_percent / 100
        if summary.cost < floor:
            fail(
                "choices",
                _(
                    "Spend at least %(percent)s%% of the budget (%(floor)s); your "
                    "choices cost %(cost)s."
                )
                % {
                    "percent": budget.min_spend_percent,
                    "floor": _money(floor, currency),
                    "cost": _money(summary.cost, currency),
                },
            )
    if kind == BallotType.CUMULATIVE:
        for index, choice in enumerate(choices):
            if choice.points < 1:
                fail(f"choices[{index}].points", _("Give at least 1 point."))
            elif choice.points > budget.points_max_per_item:
                fail(
                    f"choices[{index}].points",
                    _("Give at most %(n)s points to one proposal.")
                    % {"n": budget.points_max_per_item},
                )
        total = sum(choice.points for choice in choices)
        if total > budget.points_total:
            fail(
                "choices",
                _("You gave %(total)s points; you have %(n)s to spread.")
                % {"total": total, "n": budget.points_total},
            )
    elif any(choice.points != 1 for choice in choices):
        fail("choices", _("Points are only used on points ballots."))
    if kind == BallotType.RANKING:
        ranks = [choice.rank for choice in choices]
        if count > budget.rank_top:
            fail("choices", _("Rank at most %(n)s proposals.") % {"n": budget.rank_top})
        if any(rank is None for rank in ranks) or sorted(r or 0 for r in ranks) != list(
            range(1, count + 1)
        ):
            fail("choices", _("Number your choices 1, 2, 3… without gaps or repeats."))
    elif any(choice.rank is not None for choice in choices):
        fail("choices", _("Ranks are only used on ranking ballots."))
    if errors:
        raise ValidationFailed(_("The ballot is not valid."), errors=errors)
    if kind == BallotType.RANKING:
        return sorted(choices, key=lambda choice: choice.rank or 0)
    return list(choices)
