"""The "consultation closes in 48 hours" reminder: to followers of the consultation and
subscribers of its areas who have not responded; once per consultation however often
the job runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civic.notifications.models import Event, Notification
from civic.notifications.schedules import scheduled_jobs
from civic.notifications.services.events import area_subscribe, follow_add
from participation.consultation_reminders import consultations_closing_soon_job
from participation.models import ConsultationParticipation
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import make_consultation


def test_those_who_have_not_responded_are_reminded_once_48_hours_before_the_close(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    assert "consultations.closing_soon" in {job.name for job in scheduled_jobs()}
    now = timezone.now()
    later = make_consultation(city, title="Library", closes_at=now + timedelta(days=7))
    soon = make_consultation(city, title="Park", closes_at=now + timedelta(hours=30))
    for consultation in (later, soon):
        consultation.areas.set([city.areas["north-1"]])
    subscriber, follower, responded, outsider = (make_user() for _ in range(4))
    area_subscribe(user=subscriber, area=city.areas["north"])  # the district above
    follow_add(user=follower, subject_type="consultation", subject_id=soon.pk)
    area_subscribe(user=responded, area=city.areas["north-1"])
    follow_add(user=responded, subject_type="consultation", subject_id=soon.pk, reason="respondent")
    ConsultationParticipation.objects.create(consultation=soon, user=responded)

    with django_capture_on_commit_callbacks(execute=True):
        assert consultations_closing_soon_job(now) == 1
        consultations_closing_soon_job(now + timedelta(minutes=15))  # the next run
    event = Event.objects.get(kind="consultation.closing_soon")
    assert "Park" in event.title
    assert event.url.endswith(f"/{soon.pk}/")
    reminded = set(Notification.objects.filter(event=event).values_list("user_id", flat=True))
    assert subscriber.pk in reminded
    assert follower.pk in reminded
    assert responded.pk not in reminded
    assert outsider.pk not in reminded
    assert Event.objects.filter(kind="consultation.closing_soon").count() == 1
