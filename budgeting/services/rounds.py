"""A round's lifecycle: creation, phases by schedule and by an official's action."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import PHASE_ORDER, Budget, Phase, PhaseChange, Round
from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import DomainError
from civic.notifications.services.events import event_record
from civic.places.models import Area


def due_phase(round: Round, now: datetime) -> str:
    """The phase the dates say the round is in at ``now``."""
    starts: list[tuple[datetime | None, str]] = [
        (round.proposals_open, Phase.PROPOSALS),
        (round.supports_open, Phase.SUPPORTS),
        (round.assessment_open, Phase.ASSESSMENT),
        (round.voting_open, Phase.VOTING),
        (round.voting_close, Phase.RESULTS),
        (round.implementation_at, Phase.IMPLEMENTATION),
    ]
    due = Phase.DRAFT.value
    for start, phase in starts:
        if start is not None and start <= now:
            due = phase
    return due


def _enter_phase(*, round: Round, phase: str, actor: User | None, now: datetime) -> bool:
    """Record the change and its event once; False if the round was already there."""
    try:
        with transaction.atomic():
            PhaseChange.objects.create(round=round, phase=phase, changed_at=now, actor=actor)
    except IntegrityError:
        return False
    audit_record(
        actor=actor,
        organisation=round.organisation,
        action="round.phase_changed",
        subject_type="round",
        subject_id=round.pk,
        before={"phase": round.phase},
        after={"phase": phase},
    )
    round.phase = phase
    round.save(update_fields=["phase"])
    area_ids = list(round.budgets.values_list("area_id", flat=True))
    event_record(
        kind="round.phase_changed",
        organisation=round.organisation,
        subject_type="round",
        subject_id=round.pk,
        title=f"{round.title}: {Phase(phase).label}",
        url=reverse("budgeting:round", args=[round.slug]),
        actor=actor,
        area_ids=area_ids,
        payload={"phase": phase},
        dedupe_key=f"round:{round.pk}:phase:{phase}",
    )
    return True


@transaction.atomic
def round_phase_set(*, actor: User, round: Round, phase: str) -> Round:
    """An official moves a round on (phases never go back: ballots and results depend on
    them)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if phase not in PHASE_ORDER:
        raise DomainError(_("Unknown phase."), field="phase")
    target = PHASE_ORDER.index(phase)
    if target <= round.phase_index:
        raise DomainError(
            _("A round only moves forward: it is already in %(phase)s.")
            % {"phase": Phase(round.phase).label},
            field="phase",
        )
    if phase == Phase.SUPPORTS and round.supports_open is None:
        raise DomainError(_("This round has no supports phase."), field="phase")
    if phase == Phase.VOTING and not round.items.filter(on_ballot=True).exists():
        raise DomainError(
            _("Put at least one proposal on the ballot before voting opens."), field="phase"
        )
    now = timezone.now()
    if phase == Phase.RESULTS and now < round.voting_close:
        # Closing the vote early: the close date moves so that no ballot is accepted later.
        round.voting_close = max(now, round.voting_open + timedelta(seconds=1))
        round.save(update_fields=["voting_close"])
    _enter_phase(round=round, phase=phase, actor=actor, now=now)
    return round


def rounds_advance_due(*, now: datetime | None = None) -> int:
    """Move every published round into the phase its dates call for (Celery beat).

    Safe to run twice or in parallel: each phase change is recorded once (unique row)
    and a round only moves forward.
    """
    now = now or timezone.now()
    moved = 0
    candidates = (
        Round.objects.exclude(phase=Phase.DRAFT)
        .exclude(phase=Phase.IMPLEMENTATION)
        .values_list("pk", flat=True)
    )
    for round_id in candidates:
        with transaction.atomic():
            round = Round.objects.select_for_update(skip_locked=True).filter(pk=round_id).first()
            if round is None:
                continue
            due = due_phase(round, now)
            if PHASE_ORDER.index(due) > round.phase_index:
                moved += int(_enter_phase(round=round, phase=due, actor=None, now=now))
    return moved


@transaction.atomic
def round_create(
    *,
    actor: User,
    organisation: Any,
    title: str,
    slug: str,
    total_budget: Any,
    dates: dict[str, datetime],
    **options: Any,
) -> Round:
    round = Round(
        organisation=organisation,
        title=title,
        slug=slug,
        total_budget=total_budget,
        created_by=actor,
        **dates,
        **options,
    )
    round.full_clean(exclude=["created_by"])
    round.save()
    return round


@transaction.atomic
def round_publish(*, actor: User, round: Round) -> Round:
    """Take a round out of preparation into the phase its dates call for."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.phase != Phase.DRAFT:
        raise DomainError(_("The round is already published."), field="phase")
    if not round.budgets.exists():
        raise DomainError(_("Add at least one budget before publishing."), field="budgets")
    now = timezone.now()
    due = due_phase(round, now)
    _enter_phase(
        round=round, phase=due if due != Phase.DRAFT else Phase.PROPOSALS, actor=actor, now=now
    )
    return round


@transaction.atomic
def budget_add(*, round: Round, area: Area, name: str, amount: Any, **options: Any) -> Budget:
    if area.organisation_id not in {round.organisation_id, round.organisation.parent_id}:
        raise DomainError(_("The area belongs to another organisation."), field="area")
    budget = Budget(round=round, area=area, name=name, amount=amount, **options)
    budget.full_clean()
    budget.save()
    return budget
