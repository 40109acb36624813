"""Assessors judge feasibility and cost; officials merge duplicates, mark incompatible
proposals and decide the ballot. Authors are told the outcome with the reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import (
    Assessment,
    Feasibility,
    Incompatibility,
    Item,
    ItemStatus,
    Phase,
)
from budgeting.services.items import item_url
from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import DomainError, ValidationFailed
from civic.notifications.services.events import event_record

ASSESSABLE_PHASES = (Phase.PROPOSALS, Phase.SUPPORTS, Phase.ASSESSMENT)


def _tell_author(
    *, item: Item, actor: User, kind: str, title: str, reason: str, payload: dict[str, Any]
) -> None:
    if item.author_id is None:
        return
    event_record(
        kind=kind,
        organisation=item.round.organisation,
        subject_type="budget_item",
        subject_id=item.pk,
        title=title,
        url=item_url(item),
        actor=actor,
        recipient_ids=[item.author_id],
        payload={"reason": reason, **payload},
    )


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    item: Item,
    feasibility: str,
    reason: str = "",
    cost_estimate: Any = None,
    notes: str = "",
) -> Assessment:
    item = Item.objects.select_for_update().select_related("round__organisation").get(pk=item.pk)
    if item.round.phase not in ASSESSABLE_PHASES:
        raise DomainError(
            _("Assessment is closed in this round."), field="round", code="wrong_phase"
        )
    errors: dict[str, list[str]] = {}
    if feasibility not in (Feasibility.FEASIBLE, Feasibility.UNFEASIBLE):
        errors["feasibility"] = [_("Choose feasible or not feasible.")]
    if feasibility == Feasibility.UNFEASIBLE and not reason.strip():
        errors["reason"] = [_("Say why the proposal is not feasible: the author will read it.")]
    cost: Decimal | None = None
    if cost_estimate not in (None, ""):
        try:
            cost = Decimal(str(cost_estimate))
        except (InvalidOperation, ValueError):
            errors["cost_estimate"] = [_("Enter the cost as a number.")]
        else:
            if cost < 0:
                errors["cost_estimate"] = [_("The cost cannot be negative.")]
    if errors:
        raise ValidationFailed(_("The assessment is not valid."), errors=errors)
    previous = Assessment.objects.filter(item=item).values("feasibility", "cost_estimate").first()
    assessment, _created = Assessment.objects.update_or_create(
        item=item,
        defaults={
            "assessor": actor,
            "feasibility": feasibility,
            "reason": reason.strip(),
            "cost_estimate": cost,
            "notes": notes.strip(),
            "assessed_at": timezone.now(),
        },
    )
    if feasibility == Feasibility.UNFEASIBLE and item.on_ballot:
        item.on_ballot = False
        item.save(update_fields=["on_ballot", "updated_at"])
    audit_record(
        actor=actor,
        organisation=item.round.organisation,
        action="item.assessed",
        subject_type="item",
        subject_id=item.pk,
        process_type="round",
        process_id=item.round_id,
        before=previous or {},
        after={"feasibility": feasibility, "cost_estimate": cost},
        reason=reason.strip(),
    )
    _tell_author(
        item=item,
        actor=actor,
        kind="item.assessed",
        title=_("Your proposal “%(title)s” was assessed") % {"title": item.title},
        reason=reason.strip(),
        payload={"feasibility": feasibility, "cost": str(cost) if cost is not None else None},
    )
    return assessment


@transaction.atomic
def item_merge(*, actor: User, duplicate: Item, into: Item) -> Item:
    if duplicate.pk == into.pk or duplicate.round_id != into.round_id:
        raise DomainError(
            _("Merge a proposal into another proposal of the same round."), field="into"
        )
    duplicate = (
        Item.objects.select_for_update().select_related("round__organisation").get(pk=duplicate.pk)
    )
    if into.status != ItemStatus.SUBMITTED:
        raise DomainError(_("Merge into a proposal that is still standing."), field="into")
    duplicate.status = ItemStatus.MERGED
    duplicate.merged_into = into
    duplicate.on_ballot = False
    duplicate.save(update_fields=["status", "merged_into", "on_ballot", "updated_at"])
    audit_record(
        actor=actor,
        organisation=duplicate.round.organisation,
        action="item.merged",
        subject_type="item",
        subject_id=duplicate.pk,
        process_type="round",
        process_id=duplicate.round_id,
        before={"status": ItemStatus.SUBMITTED},
        after={"status": ItemStatus.MERGED, "merged_into": into.pk},
    )
    _tell_author(
        item=duplicate,
        actor=actor,
        kind="item.assessed",
        title=_("Your proposal “%(title)s” was merged") % {"title": duplicate.title},
        reason=_("Merged into “%(other)s”, which proposes the same.") % {"other": into.title},
        payload={"merged_into": into.pk},
    )
    return duplicate


@transaction.atomic
def incompatibility_mark(
    *, actor: User, first: Item, second: Item, reason: str = ""
) -> Incompatibility:
    if first.pk == second.pk or first.round_id != second.round_id:
        raise DomainError(_("Choose two different proposals of the same round."), field="second")
    low, high = sorted((first, second), key=lambda item: item.pk)
    incompatibility, _created = Incompatibility.objects.get_or_create(
        first=low, second=high, defaults={"reason": reason[:300]}
    )
    return incompatibility


@transaction.atomic
def ballot_decide(*, actor: User, item: Item, on_ballot: bool, reason: str = "") -> Item:
    item = Item.objects.select_for_update().select_related("round__organisation").get(pk=item.pk)
    if item.round.phase not in ASSESSABLE_PHASES:
        raise DomainError(
            _("The ballot is fixed once voting opens."), field="round", code="wrong_phase"
        )
    assessment = Assessment.objects.filter(item=item).first()
    if on_ballot:
        if item.status != ItemStatus.SUBMITTED:
            raise DomainError(
                _("A withdrawn or merged proposal cannot go on the ballot."), field="on_ballot"
            )
        if assessment is None or assessment.feasibility != Feasibility.FEASIBLE:
            raise DomainError(
                _("Only proposals assessed as feasible can go on the ballot."), field="on_ballot"
            )
    elif not reason.strip():
        raise ValidationFailed(
            _("Say why the proposal is not on the ballot."),
            errors={"reason": [_("The author will read this reason.")]},
        )
    audit_record(
        actor=actor,
        organisation=item.round.organisation,
        action="item.ballot_decided",
        subject_type="item",
        subject_id=item.pk,
        process_type="round",
        process_id=item.round_id,
        before={"on_ballot": item.on_ballot},
        after={"on_ballot": on_ballot},
        reason=reason.strip()[:500],
    )
    item.on_ballot = on_ballot
    item.ballot_decision_reason = reason.strip()[:500]
    item.save(update_fields=["on_ballot", "ballot_decision_reason", "updated_at"])
    _tell_author(
        item=item,
        actor=actor,
        kind="item.ballot_decided",
        title=(
            _("Your proposal “%(title)s” is on the ballot")
            if on_ballot
            else _("Your proposal “%(title)s” is not on the ballot")
        )
        % {"title": item.title},
        reason=reason.strip(),
        payload={"on_ballot": on_ballot},
    )
    return item
