""" "A consultation closes in 48 hours": a reminder to those who follow it or its areas and
have not responded yet. A scheduled job (civic/notifications/schedules.py), safe to run
twice: one event per consultation (``dedupe_key``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.notifications.models import AreaSubscription, Follow
from civic.notifications.services.events import event_record
from civic.notifications.services.fanout import area_ids_with_ancestors

REMINDER_WINDOW = timedelta(hours=48)


def consultation_yet_to_respond(consultation_id: int, area_ids: list[int]) -> list[int]:
    """Followers of the consultation and subscribers of its areas (or above), less those
    who have responded."""
    from participation.models import ConsultationParticipation

    followers = Follow.objects.filter(
        subject_type="consultation", subject_id=consultation_id, active=True
    ).values_list("user_id", flat=True)
    areas = area_ids_with_ancestors(area_ids)
    subscribers = AreaSubscription.objects.filter(area_id__in=areas).values_list(
        "user_id", flat=True
    )
    responded = set(
        ConsultationParticipation.objects.filter(consultation_id=consultation_id).values_list(
            "user_id", flat=True
        )
    )
    return sorted((set(followers) | set(subscribers)) - responded)


def consultations_closing_soon_job(now: datetime) -> int:
    from participation.models import Consultation, ConsultationStatus

    closing = Consultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_at__gt=now, closes_at__lte=now + REMINDER_WINDOW
    ).select_related("organisation")
    recorded = 0
    for consultation in closing:
        assert consultation.closes_at is not None
        area_ids = list(consultation.areas.values_list("pk", flat=True))
        with transaction.atomic():
            event_record(
                kind="consultation.closing_soon",
                organisation=consultation.organisation,
                # Its own subject: the consultation's followers include those who have
                # responded; the reminder goes only to the people listed.
                subject_type="consultation.reminder",
                subject_id=consultation.pk,
                title=_("“%(title)s” closes soon: have your say") % {"title": consultation.title},
                url=reverse("consultation-detail", args=[consultation.pk]),
                recipient_ids=consultation_yet_to_respond(consultation.pk, area_ids),
                payload={"closes_at": consultation.closes_at.isoformat()},
                dedupe_key=f"consultation:{consultation.pk}:closing_soon",
            )
        recorded += 1
    return recorded
