"""Lifecycle: draft -> scheduled -> open -> closed -> answered, on schedule with frozen
time (safe to run twice) and by hand; every transition records one event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from civic.errors import Conflict, DomainError
from civic.notifications.models import Event, Follow
from participation.models import ConsultationStatus
from participation.services.consultation_answers import (
    answer_item_add,
    answer_save,
    consultation_answer_publish,
)
from participation.services.consultation_responses import response_submit
from participation.services.consultations import (
    consultation_close,
    consultation_open,
    consultation_schedule,
    consultations_advance,
)
from participation.tasks import consultations_advance_task
from tests.factories import CityFixture
from tests.participation.consultations.helpers import first_question, make_consultation

pytestmark = pytest.mark.django_db
T0 = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


def _events(kind: str) -> int:
    return Event.objects.filter(kind=kind).count()


def test_schedule_then_open_and_close_on_time(city: CityFixture) -> None:
    with time_machine.travel(T0, tick=False):
        consultation = make_consultation(
            city, open_now=False, opens_at=T0 + timedelta(days=1), closes_at=T0 + timedelta(days=8)
        )
        consultation_schedule(actor=city.people["official"], consultation=consultation)
        assert consultations_advance() == (0, 0)
    with time_machine.travel(T0 + timedelta(days=1, minutes=1), tick=False):
        assert consultations_advance() == (1, 0)
        assert consultations_advance() == (0, 0)  # the second run does nothing
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.OPEN
        assert _events("consultation.opened") == 1
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        result = consultations_advance_task.delay().get()
        assert result == {"opened": 0, "closed": 1}
        assert consultations_advance_task.delay().get() == {"opened": 0, "closed": 0}
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.CLOSED
        assert _events("consultation.closed") == 1


def test_opening_and_closing_by_hand(city: CityFixture) -> None:
    consultation = make_consultation(
        city, open_now=False, opens_at=None, closes_at=datetime(2099, 1, 1, tzinfo=UTC)
    )
    opened = consultation_open(actor=city.people["official"], consultation=consultation)
    assert opened.status == ConsultationStatus.OPEN and opened.opens_at is not None
    consultation_open(actor=city.people["official"], consultation=consultation)  # again: no-op
    assert _events("consultation.opened") == 1
    closed = consultation_close(actor=city.people["official"], consultation=consultation)
    assert closed.status == ConsultationStatus.CLOSED
    with pytest.raises(Conflict):
        consultation_open(actor=city.people["official"], consultation=consultation)


def test_schedule_needs_dates_and_content(city: CityFixture) -> None:
    empty = make_consultation(city, open_now=False, questions=False)
    with pytest.raises(DomainError):
        consultation_schedule(actor=city.people["official"], consultation=empty)
    undated = make_consultation(city, open_now=False, opens_at=None, closes_at=None)
    with pytest.raises(DomainError):
        consultation_schedule(actor=city.people["official"], consultation=undated)


def test_responding_follows_and_followers_hear_of_the_answer(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    consultation = make_consultation(city)
    resident = city.people["resident"]
    response_submit(
        user=resident,
        consultation=consultation,
        answers={first_question(consultation).field_name: "o1"},
    )
    assert Follow.objects.filter(
        user=resident, subject_type="consultation", subject_id=consultation.pk, active=True
    ).exists()
    official = city.people["official"]
    consultation_close(actor=official, consultation=consultation)
    with pytest.raises(DomainError):
        consultation_answer_publish(actor=official, consultation=consultation)
    answer_save(actor=official, consultation=consultation, body="We **heard** you.")
    answer_item_add(
        actor=official,
        consultation=consultation,
        you_said="Yes",
        we_did="Built it",
        outcome="adopted",
        reason="Most agreed",
        question=first_question(consultation),
    )
    with django_capture_on_commit_callbacks(execute=True):
        answered = consultation_answer_publish(actor=official, consultation=consultation)
    assert answered.status == ConsultationStatus.ANSWERED
    event = Event.objects.get(kind="consultation.answered")
    assert event.subject_id == consultation.pk and event.url == f"/consultations/{consultation.pk}/"
