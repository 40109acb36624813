"""Writes of consultations: create, edit, the lifecycle, attachments and follows.

Lifecycle: draft -> scheduled -> open -> closed -> answered. Every transition locks the
consultation row, re-checks the status (so running a scheduled job twice is harmless) and
records a notification event in the same transaction.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_edit, audit_record, audit_snapshot
from civic.errors import Conflict, DomainError, ValidationFailed
from civic.notifications.services.events import event_record, follow_add, follow_remove
from civic.places.models import Area, Organisation
from participation.models import (
    Audience,
    Consultation,
    ConsultationAttachment,
    ConsultationDraftVersion,
    ConsultationParticipation,
    ConsultationResponseDraft,
    ConsultationStatus,
    ResultsVisibility,
)
from participation.services.consultation_text import markdown_render

SUBJECT = "consultation"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
LOCKED_AFTER_FIRST_RESPONSE = ("audience", "audience_areas", "min_age", "anonymous", "allow_edit")
EDITABLE = (
    "title",
    "summary",
    "body",
    "areas",
    "sdg_goals",
    "languages",
    "opens_at",
    "closes_at",
    "audience",
    "audience_areas",
    "min_age",
    "anonymous",
    "allow_edit",
    "results_visibility",
)


def consultation_url(consultation: Consultation) -> str:
    return reverse("consultation-detail", args=[consultation.pk])


def _check_areas(organisation: Organisation, areas: Iterable[Area], field: str) -> list[Area]:
    scope = {organisation.pk, organisation.parent_id}
    found = list(areas)
    if any(area.organisation_id not in scope for area in found):
        raise DomainError(_("Choose areas of this city."), field=field)
    return found


def _clean(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in fields and not str(fields["title"]).strip():
        errors["title"] = [_("Give the consultation a title.")]
    if "sdg_goals" in fields:
        goals = fields["sdg_goals"] or []
        if not isinstance(goals, list) or any(
            not isinstance(g, int) or isinstance(g, bool) or not 1 <= g <= 17 for g in goals
        ):
            errors["sdg_goals"] = [_("SDG goals are numbers from 1 to 17.")]
        else:
            fields["sdg_goals"] = sorted(set(goals))
    if "languages" in fields:
        from django.conf import settings

        codes = {code for code, _name in settings.LANGUAGES}
        if any(code not in codes for code in fields["languages"] or []):
            errors["languages"] = [_("Choose languages the site offers.")]
    opens, closes = fields.get("opens_at"), fields.get("closes_at")
    if opens and closes and opens >= closes:
        errors["closes_at"] = [_("The consultation must close after it opens.")]
    if fields.get("min_age") is not None and not 0 <= fields["min_age"] <= 120:
        errors["min_age"] = [_("Give an age between 0 and 120.")]
    if "audience" in fields and fields["audience"] not in Audience.values:
        errors["audience"] = [_("Choose who may respond.")]
    if (
        "results_visibility" in fields
        and fields["results_visibility"] not in ResultsVisibility.values
    ):
        errors["results_visibility"] = [_("Choose when results are shown.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), errors=errors)
    for name in ("areas", "audience_areas"):
        if name in fields:
            fields[name] = _check_areas(organisation, fields[name] or [], name)
    if "body" in fields:
        fields["body_html"] = markdown_render(fields["body"] or "")
    return fields


@transaction.atomic
def consultation_create(*, actor: User, organisation: Organisation, **fields: Any) -> Consultation:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields.setdefault("title", "")
    fields = _clean(organisation, fields)
    areas = fields.pop("areas", [])
    audience_areas = fields.pop("audience_areas", [])
    if fields.get("audience") == Audience.AREA_RESIDENTS and not audience_areas:
        raise DomainError(
            _("Choose the areas whose residents may respond."), field="audience_areas"
        )
    consultation = Consultation.objects.create(
        organisation=organisation, created_by=actor, **fields
    )
    consultation.areas.set(areas)
    consultation.audience_areas.set(audience_areas)
    return consultation


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


@transaction.atomic
def consultation_update(*, actor: User, consultation: Consultation, **fields: Any) -> Consultation:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    locked = _locked(consultation)
    if locked.status in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        raise Conflict(_("A closed consultation cannot be changed."))
    audit_before = audit_snapshot(locked, fields)
    if ConsultationParticipation.objects.filter(consultation=locked).exists():
        changed = [name for name in LOCKED_AFTER_FIRST_RESPONSE if name in fields]
        current = {
            "audience": locked.audience,
            "min_age": locked.min_age,
            "anonymous": locked.anonymous,
            "allow_edit": locked.allow_edit,
            "audience_areas": set(locked.audience_areas.values_list("pk", flat=True)),
        }
        for name in changed:
            new = fields[name]
            if name == "audience_areas":
                new = {area.pk for area in new}
            if new != current[name]:
                raise Conflict(
                    _("Who may respond and anonymity cannot change once people have responded."),
                    field=name,
                )
    if locked.status == ConsultationStatus.OPEN and "opens_at" in fields:
        fields.pop("opens_at")
    merged = {"opens_at": locked.opens_at, "closes_at": locked.closes_at, **fields}
    cleaned = _clean(locked.organisation, {**merged})
    if locked.status in (ConsultationStatus.SCHEDULED, ConsultationStatus.OPEN):
        closes = cleaned.get("closes_at")
        if closes is None or closes <= timezone.now():
            raise DomainError(_("The closing time must be in the future."), field="closes_at")
    areas = cleaned.pop("areas", None)
    audience_areas = cleaned.pop("audience_areas", None)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    if locked.audience == Audience.AREA_RESIDENTS and not (
        audience_areas if audience_areas is not None else locked.audience_areas.exists()
    ):
        raise DomainError(
            _("Choose the areas whose residents may respond."), field="audience_areas"
        )
    locked.save()
    if areas is not None:
        locked.areas.set(areas)
    if audience_areas is not None:
        locked.audience_areas.set(audience_areas)
    if locked.status != ConsultationStatus.DRAFT:
        audit_edit(
            actor=actor,
            organisation=locked.organisation,
            action="consultation.edited",
            obj=locked,
            before=audit_before,
            subject_type=SUBJECT,
        )
    return locked


def _audit(consultation: Consultation, action: str, actor: User | None, before: str) -> None:
    audit_record(
        actor=actor,
        organisation=consultation.organisation,
        action=action,
        subject_type=SUBJECT,
        subject_id=consultation.pk,
        before={"status": before},
        after={"status": consultation.status},
    )


def _event(consultation: Consultation, kind: str, actor: User | None, title: str) -> None:
    event_record(
        kind=kind,
        organisation=consultation.organisation,
        subject_type=SUBJECT,
        subject_id=consultation.pk,
        title=title,
        url=consultation_url(consultation),
        actor=actor,
        area_ids=list(consultation.areas.values_list("pk", flat=True)),
        payload={"status": consultation.status},
        dedupe_key=f"{kind}:{consultation.pk}",
    )


def _has_content(consultation: Consultation) -> bool:
    return (
        consultation.questions.exists()
        or ConsultationDraftVersion.objects.filter(consultation=consultation).exists()
    )


@transaction.atomic
def consultation_schedule(*, actor: User, consultation: Consultation) -> Consultation:
    """Draft -> scheduled: it will open at ``opens_at`` (the beat task opens it)."""
    locked = _locked(consultation)
    if locked.status != ConsultationStatus.DRAFT:
        raise Conflict(_("Only a draft can be scheduled."))
    now = timezone.now()
    if locked.opens_at is None or locked.closes_at is None:
        raise DomainError(_("Set when the consultation opens and closes."), field="opens_at")
    if locked.closes_at <= now:
        raise DomainError(_("The closing time must be in the future."), field="closes_at")
    if not _has_content(locked):
        raise DomainError(_("Add a question or a draft text first."), code="empty")
    locked.status = ConsultationStatus.SCHEDULED
    locked.save(update_fields=["status", "updated_at"])
    _audit(locked, "consultation.scheduled", actor, ConsultationStatus.DRAFT)
    return locked


@transaction.atomic
def consultation_unschedule(*, actor: User, consultation: Consultation) -> Consultation:
    locked = _locked(consultation)
    if locked.status != ConsultationStatus.SCHEDULED:
        raise Conflict(_("Only a scheduled consultation can go back to draft."))
    locked.status = ConsultationStatus.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def consultation_open(
    *, actor: User | None, consultation: Consultation, now: datetime | None = None
) -> Consultation:
    """Open now (by hand from draft or scheduled, or on schedule by the beat task)."""
    now = now or timezone.now()
    locked = _locked(consultation)
    if locked.status == ConsultationStatus.OPEN:
        return locked
    if locked.status not in (ConsultationStatus.DRAFT, ConsultationStatus.SCHEDULED):
        raise Conflict(_("This consultation cannot be opened any more."))
    if locked.closes_at is None or locked.closes_at <= now:
        raise DomainError(_("Set a closing time in the future first."), field="closes_at")
    if not _has_content(locked):
        raise DomainError(_("Add a question or a draft text first."), code="empty")
    if locked.opens_at is None or locked.opens_at > now:
        locked.opens_at = now
    was = locked.status
    locked.status = ConsultationStatus.OPEN
    locked.opened_at = now
    locked.save(update_fields=["status", "opens_at", "opened_at", "updated_at"])
    _audit(locked, "consultation.opened", actor, was)
    _event(
        locked,
        "consultation.opened",
        actor,
        _("Consultation open: %(title)s") % {"title": locked.title},
    )
    return locked


@transaction.atomic
def consultation_close(
    *, actor: User | None, consultation: Consultation, now: datetime | None = None
) -> Consultation:
    """Close now (by hand, or at ``closes_at`` by the beat task). Unfinished drafts go."""
    now = now or timezone.now()
    locked = _locked(consultation)
    if locked.status in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        return locked
    if locked.status != ConsultationStatus.OPEN:
        raise Conflict(_("Only an open consultation can be closed."))
    if locked.closes_at is None or locked.closes_at > now:
        locked.closes_at = now
    locked.status = ConsultationStatus.CLOSED
    locked.closed_at = now
    locked.save(update_fields=["status", "closes_at", "closed_at", "updated_at"])
    _audit(locked, "consultation.closed", actor, ConsultationStatus.OPEN)
    ConsultationResponseDraft.objects.filter(consultation=locked).delete()
    _event(
        locked,
        "consultation.closed",
        actor,
        _("Consultation closed: %(title)s") % {"title": locked.title},
    )
    return locked


def consultations_advance(*, now: datetime | None = None) -> tuple[int, int]:
    """Open what is due to open and close what is due to close. Safe to run twice, and
    at the same time in two workers: each transition re-checks under a row lock."""
    now = now or timezone.now()
    opened = closed = 0
    due_open = Consultation.objects.filter(
        status=ConsultationStatus.SCHEDULED, opens_at__lte=now, closes_at__gt=now
    ).values_list("pk", flat=True)
    for pk in list(due_open):
        consultation = Consultation.objects.get(pk=pk)
        if consultation_open(actor=None, consultation=consultation, now=now).status == "open":
            opened += 1
    due_close = Consultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due_close):
        consultation_close(actor=None, consultation=Consultation.objects.get(pk=pk), now=now)
        closed += 1
    return opened, closed


def consultation_follow(*, user: User, consultation: Consultation) -> None:
    follow_add(user=user, subject_type=SUBJECT, subject_id=consultation.pk)


def consultation_unfollow(*, user: User, consultation: Consultation) -> None:
    follow_remove(user=user, subject_type=SUBJECT, subject_id=consultation.pk)


# Attachments: the type is decided by the content, not by the name or the client.
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_EXTENSIONS = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "text/plain": {"txt", "md"},
    "text/csv": {"csv"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    _DOCX: {"docx"},
    _XLSX: {"xlsx"},
}


def attachment_sniff(head: bytes, data: io.BufferedIOBase | Any, extension: str) -> str | None:
    """The content type the bytes really are (None if not an allowed type)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            data.seek(0)
            with zipfile.ZipFile(data) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    return mimetype if mimetype in _EXTENSIONS else None
                if "[Content_Types].xml" in names:
                    if any(n.startswith("word/") for n in names):
                        return _DOCX
                    if any(n.startswith("xl/") for n in names):
                        return _XLSX
        except (zipfile.BadZipFile, OSError):
            return None
        return None
    try:
        data.seek(0)
        text = data.read().decode("utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if "\x00" in text:
        return None
    return "text/csv" if extension == "csv" else "text/plain"


@transaction.atomic
def attachment_add(
    *, actor: User, consultation: Consultation, file: UploadedFile, title: str = ""
) -> ConsultationAttachment:
    name = file.name or "attachment"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if file.size is None or file.size > ATTACHMENT_MAX_BYTES:
        raise DomainError(
            _("Attachments may be up to %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 1024 // 1024},
            field="file",
        )
    file.seek(0)
    head = file.read(16)
    content_type = attachment_sniff(head, file, extension)
    file.seek(0)
    if content_type is None or extension not in _EXTENSIONS.get(content_type, set()):
        raise DomainError(
            _(
                "This file type is not accepted. Attach PDF, PNG, JPEG, plain text, CSV or "
                "OpenDocument/Office files whose name matches their content."
            ),
            field="file",
            code="file_type",
        )
    return ConsultationAttachment.objects.create(
        consultation=consultation,
        title=(title or name)[:200],
        file=file,
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )


@transaction.atomic
def attachment_remove(*, actor: User, attachment: ConsultationAttachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()
