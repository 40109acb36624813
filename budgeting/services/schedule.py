"""Scheduled budgeting work, run by the notifications scheduler (Celery beat).

Both jobs are safe to run twice: phase changes are recorded once per phase, and the
reminder event carries a dedupe key.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from budgeting.models import Phase, Round, VoterRoll
from budgeting.services.rounds import rounds_advance_due
from civic.accounts.models import Verification
from civic.notifications.services.events import event_record

REMINDER_WINDOW = timedelta(hours=48)


def phases_job(now: datetime) -> int:
    return rounds_advance_due(now=now)


def residents_yet_to_vote(round: Round) -> list[int]:
    """Verified residents of the round's areas who are not on its voter roll."""
    paths = [budget.area.path for budget in round.budgets.select_related("area")]
    if not paths:
        return []
    in_areas = Q()
    for path in paths:
        in_areas |= Q(area__path__startswith=path)
    organisation = round.organisation
    scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    voted = VoterRoll.objects.filter(round_id=round.pk, user__isnull=False).values("user_id")
    return list(
        Verification.objects.filter(in_areas, organisation_id__in=scope)
        .exclude(user_id__in=voted)
        .values_list("user_id", flat=True)
        .distinct()
    )


def voting_closes_soon_job(now: datetime) -> int:
    sent = 0
    closing = Round.objects.filter(
        phase=Phase.VOTING, voting_close__gt=now, voting_close__lte=now + REMINDER_WINDOW
    )
    for round in closing.select_related("organisation"):
        with transaction.atomic():
            event_record(
                kind="round.voting_closes_soon",
                organisation=round.organisation,
                subject_type="round",
                subject_id=round.pk,
                title=_("Voting in “%(title)s” closes soon") % {"title": round.title},
                url=reverse("budgeting:round", args=[round.slug]),
                recipient_ids=residents_yet_to_vote(round),
                payload={"closes_at": round.voting_close.isoformat()},
                dedupe_key=f"round:{round.pk}:voting_closes_soon",
            )
        sent += 1
    return sent
