"""Reads of the audit trail: a process's log (public part, or all of it for the
organisation's officials) and an organisation's full log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from civic.audit.models import AuditEntry
from civic.places.models import Organisation

PROCESS_TYPES = ("consultation", "dialogue", "round")


@dataclass(frozen=True)
class Process:
    type: str
    id: int
    title: str
    organisation: Organisation
    public: bool  # False while the process is a draft
    url: str


def process_find(process_type: str, process_id: int) -> Process | None:
    """The consultation, dialogue or round an audit log belongs to (None if there is none)."""
    if process_type == "consultation":
        from participation.models import Consultation, ConsultationStatus

        c = Consultation.objects.select_related("organisation").filter(pk=process_id).first()
        if c is None:
            return None
        return Process(
            "consultation",
            c.pk,
            c.title,
            c.organisation,
            c.status != ConsultationStatus.DRAFT,
            f"/consultations/{c.pk}/",
        )
    if process_type == "dialogue":
        from participation.models import Dialogue, DialoguePhase

        d = Dialogue.objects.select_related("organisation").filter(pk=process_id).first()
        if d is None:
            return None
        return Process(
            "dialogue",
            d.pk,
            d.question,
            d.organisation,
            d.phase != DialoguePhase.DRAFT,
            f"/dialogues/{d.pk}/",
        )
    if process_type == "round":
        from budgeting.models import Phase, Round

        r = Round.objects.select_related("organisation").filter(pk=process_id).first()
        if r is None:
            return None
        return Process(
            "round", r.pk, r.title, r.organisation, r.phase != Phase.DRAFT, f"/budgeting/{r.slug}/"
        )
    return None


def may_see_full_log(user: Any, organisation: Organisation) -> bool:
    return bool(user.has_perm("audit.view_full_log", organisation))


def process_log(*, process: Process, full: bool) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(process_type=process.type, process_id=process.id)
    if not full:
        entries = entries.filter(public=True)
    return entries.select_related("actor", "organisation").order_by("-created_at", "-id")


def organisation_log(
    *, organisation: Organisation, process_type: str = "", action: str = ""
) -> QuerySet[AuditEntry]:
    """Everything recorded for the organisation (and its departments)."""
    entries = AuditEntry.objects.filter(organisation_id__in=_scope(organisation))
    if process_type:
        entries = entries.filter(process_type=process_type)
    if action:
        entries = entries.filter(action=action)
    return entries.select_related("actor", "organisation").order_by("-created_at", "-id")


def _scope(organisation: Organisation) -> list[int]:
    children = Organisation.objects.filter(parent=organisation).values_list("pk", flat=True)
    return [organisation.pk, *children]
