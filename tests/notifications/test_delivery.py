"""Fan-out, preferences, email content, idempotency, quiet hours, digests, unsubscribe."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, time
from typing import Any, ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client

from civic.notifications.kinds import Channel
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.services.delivery import batch_send
from civic.notifications.services.digests import digests_plan
from civic.notifications.services.events import area_subscribe, follow_add, follow_remove
from civic.notifications.services.fanout import event_fanout, held_release
from civic.notifications.services.preferences import preferences_update
from civic.notifications.services.tokens import unsubscribe_claim, unsubscribe_token
from civic.notifications.tasks import email_batch_task, event_fanout_task
from tests.factories import CityFixture, make_user
from tests.notifications.conftest import DIGEST_KIND, KIND, Record

pytestmark = pytest.mark.django_db


def test_who_hears_followers_area_subscribers_and_recipients_once_each_never_the_actor(
    city: CityFixture, record: Record
) -> None:
    follower, district, neighbourhood, named, actor = (make_user() for _ in range(5))
    both = make_user()
    follow_add(user=follower, subject_type="round", subject_id=1)
    follow_add(user=both, subject_type="round", subject_id=1, reason="voter")
    area_subscribe(user=both, area=city.areas["north-1"])
    area_subscribe(user=district, area=city.areas["north"])  # above north-1
    area_subscribe(user=neighbourhood, area=city.areas["south"])  # elsewhere: not told
    follow_add(user=actor, subject_type="round", subject_id=1)
    unfollowed = make_user()
    follow_add(user=unfollowed, subject_type="round", subject_id=1)
    follow_remove(user=unfollowed, subject_type="round", subject_id=1)

    event = record(
        area_ids=[city.areas["north-1"].pk], recipient_ids=[named.pk, both.pk], actor=actor
    )
    told = set(Notification.objects.filter(event=event).values_list("user_id", flat=True))
    assert told == {follower.pk, both.pk, district.pk, named.pk}
    assert event.state == Event.State.DONE
    assert event.recipients == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (follower, both, district, named)
    )


def test_the_same_task_twice_notifies_and_emails_each_person_once(
    city: CityFixture, record: Record
) -> None:
    people = [make_user() for _ in range(5)]
    event = record(recipient_ids=[p.pk for p in people])
    assert len(mail.outbox) == 5
    event_fanout_task.delay(event.pk)
    event_fanout_task.delay(event.pk)
    for batch in DeliveryBatch.objects.filter(event=event):
        email_batch_task.delay(batch.pk)
    assert Notification.objects.filter(event=event).count() == 5
    assert len(mail.outbox) == 5
    # Even an event forced back to pending cannot double: the database says once.
    Event.objects.filter(pk=event.pk).update(state=Event.State.PENDING)
    event_fanout(event_id=event.pk)
    assert Notification.objects.filter(event=event).count() == 5


class FlakyBackend(LocmemBackend):
    """Accepts ``budget`` messages, then the connection drops (a worker dying mid-batch)."""

    budget: ClassVar[int] = 3

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.budget <= 0:
            raise smtplib.SMTPServerDisconnected("connection lost")
        FlakyBackend.budget -= 1
        return super().send_messages(messages)


def test_a_batch_interrupted_mid_way_sends_only_the_rest_when_resumed(
    city: CityFixture, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FlakyBackend"
    FlakyBackend.budget = 3
    people = [make_user() for _ in range(8)]
    from django.db import transaction

    from civic.notifications.services.events import event_record

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        event = event_record(
            kind=KIND,
            organisation=city.organisation,
            subject_type="round",
            subject_id=1,
            title="t",
            url="/r/",
            recipient_ids=[p.pk for p in people],
        )
    assert len(callbacks) == 1
    event_fanout(event_id=event.pk)
    batch = DeliveryBatch.objects.get(event=event)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        batch_send(batch_id=batch.pk)
    assert len(mail.outbox) == 3
    assert Notification.objects.filter(event=event, email_state=EmailState.SENT).count() == 3
    FlakyBackend.budget = 100
    batch_send(batch_id=batch.pk)  # the retry
    batch_send(batch_id=batch.pk)  # and a duplicate of it
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    batch.refresh_from_db()
    assert batch.state == DeliveryBatch.State.DONE
    assert batch.attempts == 2


@pytest.mark.parametrize(
    ("channel", "notified", "email_state", "emails"),
    [
        (Channel.OFF, False, None, 0),
        (Channel.IN_APP, True, EmailState.NONE, 0),
        (Channel.EMAIL, True, EmailState.SENT, 1),
        (Channel.DAILY, True, EmailState.DAILY, 0),
        (Channel.WEEKLY, True, EmailState.WEEKLY, 0),
    ],
)
def test_preferences_per_kind(
    city: CityFixture,
    record: Record,
    channel: str,
    notified: bool,
    email_state: str | None,
    emails: int,
) -> None:
    person = make_user()
    preferences_update(user=person, channels={KIND: channel})
    event = record(recipient_ids=[person.pk])
    found = Notification.objects.filter(event=event, user=person).first()
    assert (found is not None) == notified
    if found is not None:
        assert found.email_state == email_state
    assert len(mail.outbox) == emails


def test_defaults_follow_the_kind_and_mute_and_unconfirmed_addresses_get_no_email(
    city: CityFixture, record: Record
) -> None:
    default, muted = make_user(), make_user()
    unconfirmed = make_user(email_verified=False)
    preferences_update(user=muted, muted=True)
    event = record(recipient_ids=[default.pk, muted.pk, unconfirmed.pk])
    states = dict(Notification.objects.filter(event=event).values_list("user_id", "email_state"))
    assert states == {
        default.pk: EmailState.SENT,
        muted.pk: EmailState.NONE,
        unconfirmed.pk: EmailState.NONE,
    }
    digest = record(kind=DIGEST_KIND, recipient_ids=[default.pk])
    assert Notification.objects.get(event=digest).email_state == EmailState.DAILY


def test_email_is_in_the_recipients_language_with_html_text_and_one_click_unsubscribe(
    city: CityFixture, record: Record
) -> None:
    arabic = make_user(preferred_language="ar")
    english = make_user(preferred_language="en")
    record(recipient_ids=[arabic.pk, english.pk])
    by_person: dict[str, Any] = {m.to[0]: m for m in mail.outbox}
    for person in (arabic, english):
        message = by_person[person.email]
        assert "Participatory budget 2027" in message.subject
        assert "http://127.0.0.1:8000/rounds/1/" in message.body
        html = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        assert 'href="http://127.0.0.1:8000/rounds/1/"' in str(html)
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.strip("<>") in message.body
        assert message.extra_headers["Message-ID"].startswith("<n-")
    assert 'dir="rtl"' in str(by_person[arabic.email].alternatives[0][0])
    assert 'lang="ar"' in str(by_person[arabic.email].alternatives[0][0])


def test_one_click_unsubscribe_needs_no_login_and_stops_that_kind(
    city: CityFixture, record: Record
) -> None:
    person = make_user()
    record(recipient_ids=[person.pk])
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200
    assert "Voting opens" in page.content.decode()
    # A GET (link scanners) changes nothing; the RFC 8058 POST does, without a session.
    mail.outbox.clear()
    record(recipient_ids=[person.pk], subject_id=2)
    assert len(mail.outbox) == 1
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mail.outbox.clear()
    later = record(recipient_ids=[person.pk], subject_id=3)
    assert len(mail.outbox) == 0
    assert Notification.objects.get(event=later, user=person).email_state == EmailState.NONE
    # Forged or damaged tokens are refused.
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert unsubscribe_claim(unsubscribe_token(user_id=5, kind=KIND + "x")[:-1]) is None


def test_unsubscribe_everything_mutes_all_email(city: CityFixture, record: Record) -> None:
    person = make_user()
    token = unsubscribe_token(user_id=person.pk, kind=KIND)
    Client().post(f"/notifications/unsubscribe/{token}/", {"all": "1"})
    record(recipient_ids=[person.pk])
    assert len(mail.outbox) == 0


def test_quiet_hours_hold_immediate_email_until_they_end(
    city: CityFixture, record: Record, django_capture_on_commit_callbacks: Any
) -> None:
    person, awake = make_user(), make_user()
    preferences_update(user=person, quiet_start=time(22, 0), quiet_end=time(7, 0), quiet_hours=True)
    # 23:30 in Amsterdam (winter, UTC+1).
    with time_machine.travel(datetime(2026, 12, 1, 22, 30, tzinfo=UTC), tick=False):
        event = record(recipient_ids=[person.pk, awake.pk])
        held = Notification.objects.get(event=event, user=person)
        assert held.email_state == EmailState.PENDING
        assert held.batch_id is None
        assert held.not_before == datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
        assert [m.to[0] for m in mail.outbox] == [awake.email]
        assert held_release() == 0
    with time_machine.travel(datetime(2026, 12, 2, 5, 59, tzinfo=UTC), tick=False):
        assert held_release() == 0
    with (
        time_machine.travel(datetime(2026, 12, 2, 6, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert held_release() == 1
        assert held_release() == 0  # safe to run twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([awake.email, person.email])


def test_daily_digest_groups_a_persons_updates_once_even_if_the_schedule_runs_twice(
    city: CityFixture, record: Record, django_capture_on_commit_callbacks: Any
) -> None:
    reader, other = make_user(display_name="Dana"), make_user()
    for subject in (1, 2, 3):
        record(
            kind=DIGEST_KIND,
            subject_id=subject,
            title=f"Comment {subject}",
            recipient_ids=[reader.pk, other.pk],
        )
    weekly = make_user()
    preferences_update(user=weekly, channels={DIGEST_KIND: Channel.WEEKLY})
    record(kind=DIGEST_KIND, subject_id=4, title="Weekly thing", recipient_ids=[weekly.pk])
    assert len(mail.outbox) == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = digests_plan(frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        second = digests_plan(frequency="daily")
    assert len(first) == 1
    assert second == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([reader.email, other.email])
    digest = next(m for m in mail.outbox if m.to[0] == reader.email)
    assert "3 updates" in digest.subject
    assert "Hello Dana" in digest.body
    for title in ("Comment 1", "Comment 2", "Comment 3"):
        assert title in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert not Notification.objects.filter(email_state=EmailState.DAILY).exists()
    assert Notification.objects.filter(email_state=EmailState.WEEKLY).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests_plan(frequency="weekly")
    assert [m.to[0] for m in mail.outbox] == [weekly.email]
    assert "weekly" in mail.outbox[0].subject.lower()
