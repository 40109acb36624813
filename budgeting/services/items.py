"""Proposals: submit, edit, withdraw, attach files, comment, support."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from budgeting.models import (
    Budget,
    Item,
    ItemAttachment,
    ItemComment,
    ItemStatus,
    Phase,
    Round,
    Support,
    SupportQuota,
)
from civic.accounts.models import User
from civic.accounts.predicates import has_verified_email
from civic.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from civic.notifications.services.events import follow_add

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 6
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _require_phase(round: Round, *phases: str, message: str) -> None:
    if round.phase not in phases:
        raise DomainError(message, field="round", code="wrong_phase")


def _clean_fields(*, round: Round, fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    if "title" in fields:
        title = str(fields["title"] or "").strip()
        if len(title) < 5:
            errors["title"] = [_("Give the proposal a title of at least 5 characters.")]
        cleaned["title"] = title[:160]
    if "description" in fields:
        description = str(fields["description"] or "").strip()
        if len(description) < 20:
            errors["description"] = [_("Describe the proposal in at least 20 characters.")]
        cleaned["description"] = description[:10_000]
    if "estimated_cost" in fields:
        try:
            cost = Decimal(str(fields["estimated_cost"]))
        except (InvalidOperation, ValueError):
            errors["estimated_cost"] = [_("Enter the cost as a number.")]
        else:
            if cost <= 0:
                errors["estimated_cost"] = [_("The cost must be more than zero.")]
            cleaned["estimated_cost"] = cost
    if "budget" in fields:
        budget = fields["budget"]
        if not isinstance(budget, Budget) or budget.round_id != round.pk:
            errors["budget"] = [_("Choose one of this round's budgets.")]
        elif (
            "estimated_cost" in cleaned
            and isinstance(cleaned["estimated_cost"], Decimal)
            and cleaned["estimated_cost"] > budget.amount
        ):
            errors["estimated_cost"] = [
                _("The cost is more than the whole budget of this area (%(amount)s).")
                % {"amount": budget.amount}
            ]
    for axis, limit in (("latitude", 90), ("longitude", 180)):
        if fields.get(axis) not in (None, ""):
            try:
                value = Decimal(str(fields[axis]))
            except (InvalidOperation, ValueError):
                errors[axis] = [_("Enter a number.")]
                continue
            if not -limit <= value <= limit:
                errors[axis] = [_("Out of range.")]
            cleaned[axis] = value.quantize(Decimal("0.000001"))
        elif axis in fields:
            cleaned[axis] = None
    if "sdg_goals" in fields:
        goals = fields["sdg_goals"] or []
        if not all(isinstance(g, int) and 1 <= g <= 17 for g in goals):
            errors["sdg_goals"] = [_("SDG goals are numbers from 1 to 17.")]
        cleaned["sdg_goals"] = sorted(set(goals)) if not errors.get("sdg_goals") else []
    if errors:
        raise ValidationFailed(_("The proposal is not valid."), errors=errors)
    return cleaned


@transaction.atomic
def item_submit(
    *,
    author: User,
    round: Round,
    budget: Budget,
    title: str,
    description: str,
    estimated_cost: Any,
    latitude: Any = None,
    longitude: Any = None,
    sdg_goals: list[int] | None = None,
) -> Item:
    _require_phase(round, Phase.PROPOSALS, message=_("Proposals are not open in this round."))
    if not has_verified_email(author):
        raise PermissionDenied(_("Confirm your email address before proposing."))
    fields = _clean_fields(
        round=round,
        fields={
            "title": title,
            "description": description,
            "estimated_cost": estimated_cost,
            "budget": budget,
            "latitude": latitude,
            "longitude": longitude,
            "sdg_goals": sdg_goals or [],
        },
    )
    item = Item.objects.create(round=round, author=author, **fields)
    follow_add(user=author, subject_type="budget_item", subject_id=item.pk, reason="author")
    return item


@transaction.atomic
def item_update(*, actor: User, item: Item, **fields: Any) -> Item:
    item = Item.objects.select_for_update().select_related("round").get(pk=item.pk)
    if item.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can edit a proposal."))
    if item.status != ItemStatus.SUBMITTED:
        raise DomainError(_("This proposal was withdrawn or merged."), field="status")
    _require_phase(
        item.round,
        Phase.PROPOSALS,
        message=_("Proposals can be edited only while submission is open."),
    )
    allowed = {
        "title",
        "description",
        "estimated_cost",
        "budget",
        "latitude",
        "longitude",
        "sdg_goals",
    }
    cleaned = _clean_fields(
        round=item.round, fields={k: v for k, v in fields.items() if k in allowed}
    )
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.save()
    return item


@transaction.atomic
def item_withdraw(*, actor: User, item: Item) -> Item:
    item = Item.objects.select_for_update().select_related("round").get(pk=item.pk)
    if item.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can withdraw a proposal."))
    if item.round.phase not in (Phase.PROPOSALS, Phase.SUPPORTS, Phase.ASSESSMENT):
        raise DomainError(
            _("Proposals cannot be withdrawn once voting has started."),
            field="round",
            code="wrong_phase",
        )
    item.status = ItemStatus.WITHDRAWN
    item.on_ballot = False
    item.save(update_fields=["status", "on_ballot", "updated_at"])
    return item


def _sniff(upload: IO[bytes]) -> tuple[str, str] | None:
    """(kind, content type) judged by the content, never by the file name."""
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return ItemAttachment.Kind.DOCUMENT, "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            image_format = image.format or ""
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)
    if image_format in IMAGE_FORMATS:
        return ItemAttachment.Kind.IMAGE, IMAGE_FORMATS[image_format]
    return None


@transaction.atomic
def item_attach(
    *, actor: User, item: Item, upload: UploadedFile, title: str = ""
) -> ItemAttachment:
    item = Item.objects.select_for_update().select_related("round").get(pk=item.pk)
    if item.author_id != actor.pk:
        raise PermissionDenied(_("Only the author can add files to a proposal."))
    _require_phase(
        item.round, Phase.PROPOSALS, message=_("Files can be added only while submission is open.")
    )
    if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("The file is larger than 5 MB."), field="file")
    if item.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(
            _("A proposal can have at most %(n)s files.") % {"n": MAX_ATTACHMENTS}, field="file"
        )
    sniffed = _sniff(upload)
    if sniffed is None:
        raise DomainError(
            _("Only JPEG, PNG or WebP images and PDF documents can be added."), field="file"
        )
    kind, content_type = sniffed
    return ItemAttachment.objects.create(
        item=item,
        file=upload,
        kind=kind,
        content_type=content_type,
        size=upload.size or 0,
        title=title[:160],
    )


@transaction.atomic
def item_comment(*, author: User, item: Item, body: str) -> ItemComment:
    if not has_verified_email(author):
        raise PermissionDenied(_("Confirm your email address before commenting."))
    text = body.strip()
    if not text:
        raise DomainError(_("Write a comment first."), field="body")
    if len(text) > 2000:
        raise DomainError(_("Keep comments under 2,000 characters."), field="body")
    comment = ItemComment.objects.create(item=item, author=author, body=text)
    follow_add(user=author, subject_type="budget_item", subject_id=item.pk, reason="comment")
    return comment


@transaction.atomic
def item_support(*, user: User, item: Item) -> Support:
    """Support a proposal. The per-resident limit holds under parallel requests: the
    resident's quota row is locked, and a check constraint backs the counter."""
    item = Item.objects.select_related("round").get(pk=item.pk)
    round = item.round
    _require_phase(round, Phase.SUPPORTS, message=_("Supports are not open in this round."))
    if not has_verified_email(user):
        raise PermissionDenied(_("Confirm your email address before supporting."))
    if item.status != ItemStatus.SUBMITTED:
        raise DomainError(_("This proposal can no longer be supported."), field="item")
    quota, _created = SupportQuota.objects.get_or_create(round=round, user=user)
    quota = SupportQuota.objects.select_for_update().get(pk=quota.pk)
    if Support.objects.filter(item=item, user=user).exists():
        raise Conflict(_("You already support this proposal."), field="item")
    if quota.used >= round.support_limit:
        raise DomainError(
            _("You have used all %(n)s of your supports in this round.")
            % {"n": round.support_limit},
            field="item",
            code="support_limit",
        )
    try:
        with transaction.atomic():
            support = Support.objects.create(item=item, user=user)
    except IntegrityError as exc:
        raise Conflict(_("You already support this proposal."), field="item") from exc
    SupportQuota.objects.filter(pk=quota.pk).update(used=F("used") + 1)
    Item.objects.filter(pk=item.pk).update(support_count=F("support_count") + 1)
    follow_add(user=user, subject_type="budget_item", subject_id=item.pk, reason="support")
    return support


@transaction.atomic
def item_unsupport(*, user: User, item: Item) -> None:
    item = Item.objects.select_related("round").get(pk=item.pk)
    _require_phase(item.round, Phase.SUPPORTS, message=_("Supports are not open in this round."))
    quota = SupportQuota.objects.select_for_update().filter(round=item.round, user=user).first()
    deleted, _detail = Support.objects.filter(item=item, user=user).delete()
    if deleted and quota is not None:
        SupportQuota.objects.filter(pk=quota.pk).update(used=F("used") - 1)
        Item.objects.filter(pk=item.pk).update(support_count=F("support_count") - 1)


def item_url(item: Item) -> str:
    return reverse("budgeting:item", args=[item.round.slug, item.pk])
