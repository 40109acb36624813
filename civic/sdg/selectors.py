"""Reads for the SDG pages and API: the ``?sdg=<n>`` filter every list shares, what is
tagged with each goal (public processes only: no drafts of any organisation), local targets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection
from django.db.models import CharField, Model, QuerySet
from django.db.models.functions import Cast

from civic.sdg.goals import GOAL_NUMBERS
from civic.sdg.models import LocalTarget

M = TypeVar("M", bound=Model)


def goal_param(raw: Any) -> int | None:
    """The goal number in a query parameter (``?sdg=11``), or None if absent or not a goal."""
    text = str(raw or "").strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number if number in GOAL_NUMBERS else None


def sdg_filter(queryset: QuerySet[M], goal: int, *, field: str = "sdg_goals") -> QuerySet[M]:
    """Rows whose JSON list ``field`` contains ``goal``.

    PostgreSQL answers with ``@>`` (jsonb containment); SQLite has no JSON containment in
    Django, so there the stored text (``[6, 11]``) is matched with a regular expression.
    """
    if connection.features.supports_json_field_contains:
        return queryset.filter(**{f"{field}__contains": [goal]})
    alias = f"_{field.replace('__', '_')}_text"
    return queryset.annotate(**{alias: Cast(field, CharField())}).filter(
        **{f"{alias}__regex": rf"(^|[\[,\s]){goal}($|[\],\s])"}
    )


def sdg_filter_param(queryset: QuerySet[M], raw: Any, *, field: str = "sdg_goals") -> QuerySet[M]:
    """Apply ``?sdg=<n>``: no parameter leaves the list alone, a value that is not a goal
    number empties it (as an unknown filter value does elsewhere)."""
    if raw in (None, ""):
        return queryset
    goal = goal_param(raw)
    return sdg_filter(queryset, goal, field=field) if goal else queryset.none()


# What is public, per kind of tagged thing (the same rules as the apps' own lists).
def public_consultations() -> QuerySet[Any]:
    from participation.models import Consultation
    from participation.selectors.consultations import PUBLIC_STATUSES

    return Consultation.objects.filter(status__in=PUBLIC_STATUSES)


def public_dialogues() -> QuerySet[Any]:
    from participation.models import Dialogue, DialoguePhase

    return Dialogue.objects.exclude(phase=DialoguePhase.DRAFT)


def public_items() -> QuerySet[Any]:
    from budgeting.models import Item, ItemStatus, Phase

    return Item.objects.filter(status=ItemStatus.SUBMITTED).exclude(round__phase=Phase.DRAFT)


def public_projects() -> QuerySet[Any]:
    from budgeting.models import Phase, Project

    return Project.objects.exclude(item__round__phase=Phase.DRAFT)


KINDS = ("consultations", "dialogues", "items", "projects")


@dataclass
class GoalCounts:
    consultations: Counter[int] = field(default_factory=Counter)
    dialogues: Counter[int] = field(default_factory=Counter)
    items: Counter[int] = field(default_factory=Counter)
    projects: Counter[int] = field(default_factory=Counter)
    local_targets: Counter[int] = field(default_factory=Counter)

    def for_goal(self, goal: int) -> dict[str, int]:
        return {
            "consultations": self.consultations[goal],
            "dialogues": self.dialogues[goal],
            "items": self.items[goal],
            "projects": self.projects[goal],
            "local_targets": self.local_targets[goal],
        }


def _count(rows: QuerySet[Any]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for goals in rows:
        for goal in set(goals or []):
            if goal in GOAL_NUMBERS:
                counts[goal] += 1
    return counts


def goal_counts(*, organisation_id: int | None = None) -> GoalCounts:
    """How many public processes and items are tagged with each goal (five queries)."""
    consultations = public_consultations()
    dialogues = public_dialogues()
    items = public_items()
    projects = public_projects()
    targets = LocalTarget.objects.all()
    if organisation_id is not None:
        consultations = consultations.filter(organisation_id=organisation_id)
        dialogues = dialogues.filter(organisation_id=organisation_id)
        items = items.filter(round__organisation_id=organisation_id)
        projects = projects.filter(item__round__organisation_id=organisation_id)
        targets = targets.filter(organisation_id=organisation_id)
    return GoalCounts(
        consultations=_count(consultations.values_list("sdg_goals", flat=True)),
        dialogues=_count(dialogues.values_list("sdg_goals", flat=True)),
        items=_count(items.values_list("sdg_goals", flat=True)),
        projects=_count(projects.values_list("item__sdg_goals", flat=True)),
        local_targets=Counter(targets.values_list("goal", flat=True)),
    )


@dataclass
class GoalContents:
    consultations: list[Any]
    dialogues: list[Any]
    items: list[Any]
    projects: list[Any]
    local_targets: list[LocalTarget]


def goal_contents(goal: int, *, limit: int = 200) -> GoalContents:
    """Everything public tagged with ``goal``, newest first (a constant number of queries)."""
    consultations = sdg_filter(public_consultations(), goal).select_related("organisation")
    dialogues = sdg_filter(public_dialogues(), goal).select_related("organisation")
    items = sdg_filter(public_items(), goal).select_related(
        "round", "round__organisation", "budget"
    )
    projects = sdg_filter(public_projects(), goal, field="item__sdg_goals").select_related(
        "item", "item__round", "item__round__organisation"
    )
    return GoalContents(
        consultations=list(consultations.order_by("-opens_at", "-pk")[:limit]),
        dialogues=list(dialogues.order_by("-opens_at", "-pk")[:limit]),
        items=list(items.order_by("-created_at", "-pk")[:limit]),
        projects=list(projects.order_by("-updated_at", "-pk")[:limit]),
        local_targets=list(local_target_list(goal=goal)),
    )


def local_target_list(
    *, goal: int | None = None, organisation_slug: str | None = None
) -> QuerySet[LocalTarget]:
    targets = LocalTarget.objects.select_related("organisation")
    if goal is not None:
        targets = targets.filter(goal=goal)
    if organisation_slug:
        targets = targets.filter(organisation__slug=organisation_slug)
    return targets.order_by("goal", "organisation__name", "code", "pk")
