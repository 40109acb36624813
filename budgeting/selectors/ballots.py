"""Reads for the ballot page and API."""

from __future__ import annotations

from django.db.models import QuerySet

from budgeting.models import Budget, Item, ItemStatus


def ballot_item_queryset(*, budget: Budget) -> QuerySet[Item]:
    return (
        Item.objects.filter(budget=budget, on_ballot=True, status=ItemStatus.SUBMITTED)
        .select_related("assessment")
        .order_by("title", "pk")
    )


def ballot_items(*, budget: Budget) -> dict[int, Item]:
    return {item.pk: item for item in ballot_item_queryset(budget=budget)}


def ballot_item_costs(*, budget: Budget) -> dict[int, Item]:
    """The ballot's items with only what validating a ballot reads (their cost): casting
    a ballot is the hottest write of a vote, so it does not load titles and texts."""
    items = (
        Item.objects.filter(budget=budget, on_ballot=True, status=ItemStatus.SUBMITTED)
        .select_related("assessment")
        .only("pk", "estimated_cost", "assessment__cost_estimate")
    )
    return {item.pk: item for item in items}


def budget_for_ballot(*, budget_id: int) -> Budget:
    """A budget with what casting a ballot reads (round, organisation, area) in one query."""
    return Budget.objects.select_related("round", "round__organisation", "area").get(pk=budget_id)
