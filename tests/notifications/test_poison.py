"""Poison events and batches: retried with backoff a bounded number of times, then set
aside as failed with their error, shown to operators, skipped by the relay (so they hold
up nothing else), re-queued on request by ``replay_events --failed``. And the SMTP fast
path, with and without PIPELINING, when the server refuses one recipient.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.services.delivery import BatchFailed, batch_send
from civic.notifications.services.events import area_subscribe, event_record
from civic.notifications.services.fanout import event_fanout
from civic.notifications.services.relay import relay_run
from civic.notifications.tasks import TRANSIENT, event_fanout_task
from tests.factories import CityFixture, make_user
from tests.notifications.conftest import KIND, Record
from tests.notifications.servers import SinkController, SinkHandler, free_port


@pytest.fixture(autouse=True)
def _three_attempts(settings: Any) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30


def test_a_poison_event_is_retried_with_backoff_then_set_aside_and_blocks_no_other(
    city: CityFixture, record_held: Record, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_user()
    area_subscribe(user=person, area=city.areas["north-1"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        poison = record_held(title="Corrupted", area_ids=[city.areas["north-1"].pk])
        # Data that makes the fan-out fail every time (as a bug or bad row would).
        Event.objects.filter(pk=poison.pk).update(area_ids=["not-an-area"])
        for hand_over in poison.hand_over:  # type: ignore[attr-defined]
            hand_over()
    poison.refresh_from_db()
    assert (poison.state, poison.attempts) == (Event.State.PENDING, 1)
    assert poison.last_error.startswith("ValueError")
    assert poison.retry_at == start + timedelta(seconds=30)

    with time_machine.travel(start + timedelta(seconds=10), tick=False):
        good = record_held(title="Voting opens", area_ids=[city.areas["north-1"].pk])
    with (
        time_machine.travel(start + timedelta(seconds=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # Still backing off: the relay leaves the poison event alone, delivers the other.
        assert relay_run()["events"] == 1
    assert Notification.objects.filter(event=good, user=person).exists()
    assert len(mail.outbox) == 1

    # Second attempt after 30 s, third after another 60 s: then it is set aside.
    for seconds, attempts in ((31, 2), (92, 3)):
        with (
            time_machine.travel(start + timedelta(seconds=seconds), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert relay_run()["events"] == 1
        poison.refresh_from_db()
        assert poison.attempts == attempts
    assert poison.state == Event.State.FAILED
    assert poison.retry_at is None
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert relay_run()["events"] == 0
        event_fanout_task.delay(poison.pk)  # a stray task does nothing either
    poison.refresh_from_db()
    assert (poison.state, poison.attempts) == (Event.State.FAILED, 3)

    client = Client()
    client.force_login(city.people["superuser"])
    page = client.get("/notifications/operations/").content.decode()
    assert "Corrupted" in page
    assert "ValueError" in page
    assert "replay_events --failed" in page

    # The cause fixed, an operator re-queues it: delivered once.
    Event.objects.filter(pk=poison.pk).update(area_ids=[city.areas["north-1"].pk])
    out = StringIO()
    call_command("replay_events", "--dry-run", stdout=out)
    assert "0 undelivered events" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_events", "--failed", stdout=out)
    assert "re-queued 1 events" in out.getvalue()
    poison.refresh_from_db()
    assert poison.state == Event.State.DONE
    assert Notification.objects.filter(event=poison, user=person).count() == 1


def test_an_event_whose_workers_keep_dying_is_set_aside(city: CityFixture) -> None:
    with transaction.atomic():
        event = event_record(
            kind=KIND,
            organisation=city.organisation,
            subject_type="round",
            subject_id=1,
            title="t",
            url="/r/",
        )
    # Three attempts started and never finished (killed, hard time limit).
    Event.objects.filter(pk=event.pk).update(attempts=3)
    assert event_fanout_task.delay(event.pk).get() == 0
    event.refresh_from_db()
    assert event.state == Event.State.FAILED
    assert event.last_error == "no attempt finished in 3"


class Refusing(SinkHandler):
    """An SMTP sink that answers DATA with a temporary error until ``accept`` is set,
    refuses the addresses in ``unknown``, and may offer PIPELINING."""

    def __init__(self, *, pipelining: bool = False) -> None:
        super().__init__()
        self.accept = False
        self.unknown: set[str] = set()
        self.rejected: set[str] = set()  # content refused for good (554)
        self.pipelining = pipelining

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if self.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.accept:
            return "451 4.3.0 Try again later"
        if self.rejected & set(envelope.rcpt_tos):
            return "554 5.6.0 Message refused"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp(settings: Any, request: pytest.FixtureRequest) -> Iterator[Refusing]:
    handler = Refusing(pipelining=getattr(request, "param", False))
    controller = SinkController(handler, free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_a_batch_that_keeps_failing_is_set_aside_then_re_queued_on_request(
    city: CityFixture, smtp: Refusing, record_held: Record, django_capture_on_commit_callbacks: Any
) -> None:
    people = [make_user() for _ in range(3)]
    for person in people:
        area_subscribe(user=person, area=city.areas["north-1"])
    event = record_held(title="Voting opens", area_ids=[city.areas["north-1"].pk])
    event_fanout(event_id=event.pk)
    batch = DeliveryBatch.objects.get(event=event)

    waits = []
    for _ in range(3):
        with pytest.raises(BatchFailed) as failed:
            batch_send(batch_id=batch.pk, transient=TRANSIENT)
        waits.append(failed.value.retry_in)
    assert waits == [30, 60, None]  # backoff, then it gives up
    batch.refresh_from_db()
    assert (batch.state, batch.attempts) == (DeliveryBatch.State.FAILED, 3)
    assert "451" in batch.last_error
    assert smtp.total == 0
    assert batch_send(batch_id=batch.pk, transient=TRANSIENT) == 0  # set aside: no attempt
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        assert relay_run()["batches"] == 0

    client = Client()
    client.force_login(city.people["superuser"])
    page = client.get("/notifications/operations/").content.decode()
    assert batch.key in page
    assert "451" in page

    smtp.accept = True
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_events", "--failed", stdout=out)
    assert "re-queued 0 events and 1 batches" in out.getvalue()
    batch.refresh_from_db()
    assert batch.state == DeliveryBatch.State.DONE
    assert smtp.received == {p.email: 1 for p in people}
    assert not mail.outbox  # all of it went over SMTP


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_a_refused_recipient_is_marked_failed_and_the_rest_are_sent(
    city: CityFixture, smtp: Refusing, record_held: Record, django_capture_on_commit_callbacks: Any
) -> None:
    smtp.accept = True
    people = [make_user() for _ in range(6)]
    for person in people:
        area_subscribe(user=person, area=city.areas["north-1"])
    # One address unknown (RCPT refused), two messages refused after their content
    # (one of them the last: nothing is left in flight after it).
    smtp.unknown = {people[1].email}
    smtp.rejected = {people[3].email, people[5].email}
    refused = {people[1], people[3], people[5]}
    event = record_held(title="Voting opens", area_ids=[city.areas["north-1"].pk])
    event_fanout(event_id=event.pk)
    batch = DeliveryBatch.objects.get(event=event)
    assert batch_send(batch_id=batch.pk, transient=TRANSIENT) == 3
    states = dict(Notification.objects.filter(event=event).values_list("user_id", "email_state"))
    assert states == {p.pk: EmailState.FAILED if p in refused else EmailState.SENT for p in people}
    assert smtp.received == {p.email: 1 for p in people if p not in refused}
    message = smtp.messages[0].decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    assert "Content-Type: text/html" in message
    batch.refresh_from_db()
    assert (batch.state, batch.sent, batch.failed) == (DeliveryBatch.State.DONE, 3, 3)
