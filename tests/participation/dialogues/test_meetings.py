"""Meetings: capacity and waiting list (also under concurrent sign-ups on PostgreSQL),
cancellation, iCalendar, voting in the room, minutes."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from civic.errors import Conflict
from participation.models import (
    Meeting,
    MeetingRegistration,
    MinutesStatus,
    RegistrationStatus,
    StatementVote,
)
from participation.services.meetings import (
    amendment_add,
    meeting_cancel,
    meeting_create,
    meeting_ics,
    minutes_finalise,
    minutes_open_amendments,
    minutes_save,
    registration_add,
    registration_cancel,
    room_vote,
    session_open,
)
from tests.factories import CityFixture, build_city
from tests.participation.dialogues.helpers import make_dialogue, seed, voters


def make_meeting(city: CityFixture, **fields: Any) -> Meeting:
    start = timezone.now() + timedelta(days=3)
    defaults: dict[str, Any] = {
        "title": "Park walk; with, commas",
        "mode": "in_person",
        "place": "Library",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "capacity": 2,
    }
    defaults.update(fields)
    return meeting_create(actor=city.people["official"], organisation=city.organisation, **defaults)


@pytest.mark.django_db
def test_capacity_waiting_list_and_move_up(city: CityFixture) -> None:
    meeting = make_meeting(city)
    a, b, c = voters(3)
    assert registration_add(user=a, meeting=meeting).status == RegistrationStatus.REGISTERED
    assert registration_add(user=b, meeting=meeting).status == RegistrationStatus.REGISTERED
    assert registration_add(user=c, meeting=meeting).status == RegistrationStatus.WAITING
    assert registration_add(user=a, meeting=meeting).status == RegistrationStatus.REGISTERED
    moved = registration_cancel(user=a, meeting=meeting)
    assert moved is not None and moved.user == c
    assert registration_add(user=a, meeting=meeting).status == RegistrationStatus.WAITING


@pytest.mark.django_db
def test_cancelled_meeting_refuses_registration(city: CityFixture) -> None:
    meeting = make_meeting(city)
    meeting_cancel(actor=city.people["official"], meeting=meeting, reason="Storm")
    with pytest.raises(Conflict):
        registration_add(user=city.people["resident"], meeting=meeting)
    assert "STATUS:CANCELLED" in meeting_ics(meeting=Meeting.objects.get(pk=meeting.pk))


@pytest.mark.django_db
def test_ics_follows_rfc5545(city: CityFixture) -> None:
    meeting = make_meeting(city, description="A long description " * 10)
    ics = meeting_ics(meeting=meeting, site_url="https://civic.example")
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "SUMMARY:Park walk\\; with\\, commas" in lines
    assert any(line.startswith("DTSTART:") and line.endswith("Z") for line in lines)


@pytest.mark.django_db
def test_room_vote_channel_is_meeting(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "Statement")
    meeting = make_meeting(city, dialogue=dialogue)
    meeting = session_open(actor=city.people["official"], meeting=meeting)
    assert meeting.session_code
    room_vote(
        user=city.people["resident"],
        code=meeting.session_code.lower(),
        statement=statement,
        value=1,
    )
    vote = StatementVote.objects.get()
    assert (vote.channel, vote.meeting_id) == ("meeting", meeting.pk)


@pytest.mark.django_db
def test_minutes_draft_amendments_final(city: CityFixture) -> None:
    meeting = make_meeting(city)
    person = city.people["resident"]
    registration_add(user=person, meeting=meeting)
    official = city.people["official"]
    minutes_save(actor=official, meeting=meeting, text="Draft", attendance=12)
    with pytest.raises(Conflict):
        amendment_add(user=person, meeting=meeting, body="Too early")
    minutes_open_amendments(
        actor=official, meeting=meeting, until=timezone.now() + timedelta(days=7)
    )
    amendment_add(user=person, meeting=meeting, body="Add my point")
    final = minutes_finalise(actor=official, meeting=meeting, text="Final text")
    assert final.minutes_status == MinutesStatus.FINAL
    with pytest.raises(Conflict):
        minutes_save(actor=official, meeting=meeting, text="Change")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_exceed_capacity() -> None:
    assert connection.vendor == "postgresql"
    city = build_city()
    meeting = make_meeting(city, capacity=3)
    people = voters(10)
    barrier = threading.Barrier(len(people))
    errors: list[Exception] = []

    def sign_up(user_pk: int) -> None:
        from civic.accounts.models import User

        try:
            user = User.objects.get(pk=user_pk)
            barrier.wait()
            registration_add(user=user, meeting=meeting)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p.pk,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(
        MeetingRegistration.objects.filter(meeting=meeting).values_list("status", flat=True)
    )
    assert statuses.count(RegistrationStatus.REGISTERED) == 3
    assert statuses.count(RegistrationStatus.WAITING) == 7
