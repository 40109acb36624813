"""Reads of rounds and proposals that pages and the API share (constant queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from budgeting.models import Budget, Item, ItemComment, ItemStatus, Phase, Round
from civic.accounts.models import Role
from civic.accounts.predicates import holds_role


def round_list(*, user: Any = None) -> QuerySet[Round]:
    """Published rounds for everyone, plus drafts of organisations where ``user`` is staff."""
    rounds = Round.objects.select_related("organisation").prefetch_related(
        Prefetch("budgets", queryset=Budget.objects.select_related("area").order_by("area__path"))
    )
    visible = ~Q(phase=Phase.DRAFT)
    if user is not None and getattr(user, "is_authenticated", False):
        from civic.accounts.models import Membership

        staff_orgs = Membership.objects.filter(
            user=user, role__in=[Role.OFFICIAL, Role.ADMINISTRATOR, Role.ASSESSOR]
        ).values_list("organisation_id", flat=True)
        visible |= Q(organisation_id__in=staff_orgs) | Q(organisation__parent_id__in=staff_orgs)
    return rounds.filter(visible).order_by("-voting_open", "pk")


def round_visible_to(*, user: Any, round: Round) -> bool:
    if round.phase != Phase.DRAFT:
        return True
    return holds_role(
        user, round.organisation, Role.OFFICIAL, Role.ADMINISTRATOR, Role.ASSESSOR
    ) or bool(getattr(user, "is_superuser", False))


def item_list(*, round: Round, include_withdrawn: bool = False) -> QuerySet[Item]:
    items = (
        Item.objects.filter(round=round)
        .select_related("budget", "budget__area", "author", "assessment", "merged_into")
        .annotate(comment_count=Count("comments", filter=Q(comments__hidden=False)))
        .order_by("-support_count", "title", "pk")
    )
    if not include_withdrawn:
        items = items.filter(status=ItemStatus.SUBMITTED)
    return items


def item_detail_queryset() -> QuerySet[Item]:
    return Item.objects.select_related(
        "round",
        "round__organisation",
        "budget",
        "budget__area",
        "author",
        "assessment",
        "merged_into",
    ).prefetch_related(
        "attachments",
        Prefetch(
            "comments", queryset=ItemComment.objects.filter(hidden=False).select_related("author")
        ),
    )
