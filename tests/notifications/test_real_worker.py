"""Against real servers: a Celery worker process on Redis, PostgreSQL, an SMTP sink.

- delivery end to end, duplicates of every task included;
- a worker killed (SIGKILL) in the middle of a batch and a new one started;
- Redis stopped while residents act, then started again.
Each person receives each notification exactly once.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from civic.accounts.models import User
from civic.notifications.kinds import ANNOUNCEMENT
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.services.events import area_subscribe, event_record
from civic.notifications.services.relay import relay_run
from civic.notifications.tasks import email_batch_task, event_fanout_task
from tests.factories import CityFixture, build_city, make_user
from tests.notifications.servers import (
    Worker,
    database_url,
    free_port,
    start_redis,
    start_sink,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

KIND = ANNOUNCEMENT  # registered by the app itself, so the worker process knows it


@pytest.fixture
def broker(settings: Any) -> Iterator[str]:
    """Publish to Redis from this process (the test settings are eager otherwise)."""
    from civic.celery import app

    previous = app.conf.broker_url
    yield_url = settings.REDIS_URL

    app.conf.task_always_eager = False
    use_broker(yield_url)
    try:
        yield yield_url
    finally:
        app.conf.task_always_eager = True
        use_broker(previous)


def use_broker(url: str) -> None:
    """Point this process's Celery app at another broker (dropping pooled connections)."""
    from civic.celery import app

    app.conf.update(broker_url=url)
    celery_app: Any = app
    # Fresh pools for the new URL (kombu keeps the old ones registered: leave them open).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def worker_env(redis_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    return {
        "CIVIC_ENV": "test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        **extra,
    }


def residents(city: CityFixture, count: int) -> list[User]:
    people = [make_user() for _ in range(count)]
    for person in people:
        area_subscribe(user=person, area=city.areas["north"])
    return people


def voting_opens(city: CityFixture, subject_id: int = 1) -> Event:
    with transaction.atomic():
        return event_record(
            kind=KIND,
            organisation=city.organisation,
            subject_type="round",
            subject_id=subject_id,
            title=f"Voting opens {subject_id}",
            url=f"/rounds/{subject_id}/",
            area_ids=[city.areas["north-1"].pk],
        )


def test_a_real_worker_on_redis_delivers_each_email_once_despite_duplicate_tasks(
    broker: str,
) -> None:
    city = build_city()
    people = residents(city, 25)
    sink, inbox = start_sink()
    worker = Worker(worker_env(broker, sink.port, NOTIFICATIONS_BATCH_SIZE="7"), concurrency=2)
    try:
        event = voting_opens(city)
        event_fanout_task.delay(event.pk)  # a duplicate hand-over
        assert wait_for(lambda: inbox.total >= 25, timeout=60), worker.lines[-20:]
        for batch in DeliveryBatch.objects.filter(event=event):
            email_batch_task.delay(batch.pk)  # duplicates of every batch
        event_fanout_task.delay(event.pk)
        wait_for(lambda: False, timeout=2)
    finally:
        worker.stop()
        sink.stop()
    assert DeliveryBatch.objects.filter(event=event).count() == 4  # 25 in batches of 7
    assert inbox.received == {p.email: 1 for p in people}
    assert Notification.objects.filter(event=event, email_state=EmailState.SENT).count() == 25
    message = inbox.messages[0].decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    assert "Content-Type: text/html" in message


def test_a_worker_killed_mid_batch_and_a_new_one_started_email_each_person_exactly_once(
    broker: str,
) -> None:
    city = build_city()
    people = residents(city, 60)
    workers: list[Worker] = []

    def kill_at_twenty(already: int) -> None:
        if already == 20 and workers and workers[0].process.poll() is None:
            workers[0].kill()

    sink, inbox = start_sink(before_mail=kill_at_twenty)
    env = worker_env(broker, sink.port, NOTIFICATIONS_LEASE_SECONDS="4")
    try:
        workers.append(Worker(env))
        event = voting_opens(city)
        assert wait_for(lambda: workers[0].process.poll() is not None, timeout=60)
        assert inbox.total == 20
        batch = DeliveryBatch.objects.get(event=event)
        assert batch.state == DeliveryBatch.State.PENDING
        sent = Notification.objects.filter(event=event, email_state=EmailState.SENT).count()
        assert sent == 20  # every accepted message was recorded before the next began
        # A new worker; the relay (beat) notices the batch whose worker died.
        workers.append(Worker(env))
        later = timezone.now() + timedelta(minutes=3)
        assert wait_for(
            lambda: relay_run(now=later)["batches"] >= 0 and inbox.total >= 60, timeout=60, every=2
        )
    finally:
        for worker in workers:
            worker.stop()
        sink.stop()
    assert inbox.received == {p.email: 1 for p in people}
    batch.refresh_from_db()
    assert batch.state == DeliveryBatch.State.DONE


def test_redis_stopped_while_residents_act_then_started_again_loses_and_doubles_nothing(
    broker: str,
) -> None:
    city = build_city()
    people = residents(city, 6)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    workdir = tempfile.mkdtemp(prefix="civic-redis-")
    redis = start_redis(port, workdir)
    use_broker(url)
    sink, inbox = start_sink()
    worker = Worker(worker_env(url, sink.port))
    try:
        first = voting_opens(city, 1)
        assert wait_for(lambda: inbox.total >= 6, timeout=60)

        redis.terminate()
        redis.wait(timeout=10)
        # Residents keep acting: their changes commit, the hand-over fails quietly.
        during = [voting_opens(city, subject) for subject in (2, 3, 4)]
        assert all(Event.objects.get(pk=e.pk).state == Event.State.PENDING for e in during)
        assert relay_run(now=timezone.now() + timedelta(seconds=10))["events"] == 0

        redis = start_redis(port, workdir)
        # Beat runs the relay every few seconds; the worker reconnects by itself.
        assert wait_for(
            lambda: (
                relay_run(now=timezone.now() + timedelta(seconds=10)) is not None
                and inbox.total >= 24
            ),
            timeout=90,
            every=2,
        ), worker.lines[-30:]
        wait_for(lambda: False, timeout=2)
    finally:
        worker.stop()
        sink.stop()
        redis.terminate()
    for event in [first, *during]:
        assert Event.objects.get(pk=event.pk).state == Event.State.DONE
        assert Notification.objects.filter(event=event).count() == 6
    assert inbox.received == {p.email: 4 for p in people}
