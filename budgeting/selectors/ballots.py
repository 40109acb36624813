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
