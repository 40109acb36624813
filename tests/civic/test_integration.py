"""Against the real servers: races on PostgreSQL, a Celery worker on Redis, Redis cache."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from civic.accounts.models import User, Verification
from civic.accounts.services.verification import verification_by_census
from civic.errors import DomainError
from civic.notifications.models import OutboundEmail
from civic.places.services.census import census_import
from tests.factories import build_city, make_user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_claims_of_one_census_identity_verify_one_account() -> None:
    assert connection.vendor == "postgresql"
    city = build_city()
    census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nRACE-1,1985,north\n"),
        filename="c.csv",
    )
    people = [make_user() for _ in range(8)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def claim(person: User) -> None:
        barrier.wait()
        try:
            verification_by_census(
                user=person, organisation=city.organisation, identifier="RACE-1", birth_year=1985
            )
            outcomes.append("verified")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["verified"]
    assert Verification.objects.filter(census_entry__isnull=False, user__in=people).count() == 1


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_email_is_delivered_once_by_a_real_worker_on_redis(settings: Any) -> None:
    from celery.contrib.testing.worker import start_worker

    from civic.celery import app
    from civic.notifications.services.email import email_queue
    from civic.notifications.tasks import email_deliver

    assert settings.REDIS_URL.startswith("redis://")
    app.conf.task_always_eager = False
    app.conf.update(broker_url=settings.REDIS_URL)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
        ):
            message = email_queue(
                to=["resident@example.org"],
                subject="Voting opens",
                body_text="Voting opens on Monday.",
            )
            # Outside a transaction on_commit runs at once; a retried task or a duplicate
            # delivery of the same id must not send it again.
            for _duplicate in range(2):
                email_deliver.delay(message.pk)
            start = time.monotonic()
            while time.monotonic() - start < 30:
                message.refresh_from_db()
                if message.status == OutboundEmail.Status.SENT:
                    break
                time.sleep(0.2)
            time.sleep(1.0)  # let the duplicate tasks run too
    finally:
        app.conf.task_always_eager = True
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert message.body_text == ""  # bodies are not kept once sent
    assert [m.subject for m in mail.outbox].count("Voting opens") == 1


@pytest.mark.redis
def test_cache_is_redis_when_configured(settings: Any) -> None:
    from django.core.cache import cache

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("civic-test-key", 41)
    assert cache.incr("civic-test-key") == 42
