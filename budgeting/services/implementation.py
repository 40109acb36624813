"""Building the winners: project status and progress, milestones with photos, followers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from budgeting.models import Milestone, Project, ProjectStatus, Support
from civic.accounts.models import User
from civic.audit.services import audit_edit, audit_snapshot
from civic.errors import DomainError, ValidationFailed

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def project_followers_ensure(project: Project) -> None:
    """The item's author and supporters follow it (automatic follows respect an earlier
    explicit unfollow)."""
    from civic.notifications.services.events import follow_add

    item = project.item
    if item.author is not None:
        follow_add(
            user=item.author, subject_type="budget_item", subject_id=item.pk, reason="author"
        )
    for support in Support.objects.filter(item=item, user__isnull=False).select_related("user"):
        assert support.user is not None
        follow_add(
            user=support.user, subject_type="budget_item", subject_id=item.pk, reason="support"
        )


def _notify(project: Project, milestone: Milestone, actor: User | None) -> None:
    from civic.notifications.services.events import event_record

    item = project.item
    event_record(
        kind="milestone.added",
        organisation=item.round.organisation,
        subject_type="budget_item",
        subject_id=item.pk,
        title=_("%(project)s: %(milestone)s")
        % {"project": item.title, "milestone": milestone.title},
        url=reverse("budgeting-results:project", args=[project.pk]),
        actor=actor,
        area_ids=[item.budget.area_id],
        payload={
            "project_id": project.pk,
            "milestone_id": milestone.pk,
            "status": project.status,
            "progress": project.progress,
        },
        dedupe_key=f"milestone.added:{milestone.pk}",
    )


def photo_check(photo: UploadedFile | IO[bytes]) -> str:
    """Check a photo by its content (not its name): a JPEG, PNG or WebP image within the
    size limits. Returns the file extension to store it under."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(photo, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise DomainError(_("The photo is larger than 5 MB."), field="photo", code="too_large")
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(
            _("The file is not a photo we can show (JPEG, PNG or WebP)."),
            field="photo",
            code="not_an_image",
        ) from None
    finally:
        photo.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise DomainError(
            _("The file is not a photo we can show (JPEG, PNG or WebP)."),
            field="photo",
            code="not_an_image",
        )
    if width * height > MAX_PHOTO_PIXELS:
        raise DomainError(_("The photo has too many pixels."), field="photo", code="too_large")
    return PHOTO_FORMATS[fmt]


@transaction.atomic
def milestone_add(
    *,
    actor: User | None,
    project: Project,
    date: dt.date,
    title: str,
    text: str = "",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
) -> Milestone:
    """Add a milestone to the public timeline and tell the followers."""
    errors: dict[str, list[str]] = {}
    title = title.strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the milestone a title."))
    if photo is not None and not photo_alt.strip():
        errors.setdefault("photo_alt", []).append(
            _("Describe the photo for people who cannot see it.")
        )
    extension = None
    if photo is not None:
        try:
            extension = photo_check(photo)
        except DomainError as error:
            errors.setdefault("photo", []).append(str(error.message))
    if errors:
        raise ValidationFailed(_("The milestone was not added."), errors=errors)
    project = (
        Project.objects.select_for_update()
        .select_related("item", "item__round__organisation", "item__budget")
        .get(pk=project.pk)
    )
    milestone = Milestone(
        project=project,
        date=date,
        title=title[:200],
        text=text,
        photo_alt=photo_alt.strip()[:200],
        created_by=actor,
    )
    if photo is not None and extension:
        milestone.photo.save(f"milestone-{project.pk}.{extension}", photo, save=False)
    milestone.save()
    project_followers_ensure(project)
    _notify(project, milestone, actor)
    return milestone


@transaction.atomic
def project_update(
    *,
    actor: User | None,
    project: Project,
    status: str,
    progress: int,
    budget_spent: Decimal | None = None,
    note: str = "",
) -> Project:
    """Change status, progress and spending. A change of status or progress is also a
    milestone on the timeline, so followers hear of it and the public sees when."""
    from django.utils import timezone

    if status not in ProjectStatus.values:
        raise DomainError(_("Choose a valid status."), field="status")
    if not 0 <= progress <= 100:
        raise DomainError(_("Progress is a percentage from 0 to 100."), field="progress")
    if status == ProjectStatus.COMPLETED and progress != 100:
        progress = 100
    if budget_spent is not None and budget_spent < 0:
        raise DomainError(_("Spending cannot be negative."), field="budget_spent")
    project = (
        Project.objects.select_for_update()
        .select_related("item", "item__round__organisation", "item__budget")
        .get(pk=project.pk)
    )
    audit_before = audit_snapshot(project, ["status", "progress", "budget_spent"])
    changed: list[str] = []
    if project.status != status:
        changed.append(_("status: %(status)s") % {"status": ProjectStatus(status).label})
    if project.progress != progress:
        changed.append(_("progress: %(progress)s%%") % {"progress": progress})
    project.status = status
    project.progress = progress
    if budget_spent is not None:
        project.budget_spent = budget_spent
    project.save()
    audit_edit(
        actor=actor,
        organisation=project.item.round.organisation,
        action="project.updated",
        obj=project,
        before=audit_before,
        subject_type="project",
        process_type="round",
        process_id=project.item.round_id,
        reason=note.strip(),
    )
    if changed or note.strip():
        title = (
            (_("Update: %(changes)s") % {"changes": ", ".join(changed)}) if changed else _("Update")
        )
        milestone = Milestone.objects.create(
            project=project,
            date=timezone.localdate(),
            title=title[:200],
            text=note.strip(),
            created_by=actor,
        )
        project_followers_ensure(project)
        _notify(project, milestone, actor)
    return project


def timeline(project: Project) -> list[dict[str, Any]]:
    """The public timeline: milestones, newest last, without who entered them."""
    return [
        {
            "date": m.date,
            "title": m.title,
            "text": m.text,
            "photo_url": m.photo.url if m.photo else "",
            "photo_alt": m.photo_alt,
        }
        for m in project.milestones.order_by("date", "pk")
    ]
