"""Beat's work with frozen time: scheduled jobs (run twice, no double sends), the relay
when the broker is down, digests on their dates, the replay command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from civic.notifications.models import Event, JobRun, Notification
from civic.notifications.schedules import (
    scheduled_job_register,
    scheduled_job_unregister,
    scheduled_jobs_run,
)
from civic.notifications.services.events import event_record, follow_add
from civic.notifications.services.relay import relay_run
from civic.notifications.tasks import scheduled_jobs_task
from tests.factories import CityFixture, make_user
from tests.notifications.conftest import KIND

pytestmark = pytest.mark.django_db

CLOSES = datetime(2026, 12, 10, 17, 0, tzinfo=UTC)


@pytest.fixture
def closing_soon_job(city: CityFixture) -> Any:
    """A test-only job shaped like a feature's: "closes in 48 hours" to those who have
    not taken part yet, recorded once per process (dedupe key)."""
    voters: set[int] = set()
    followers = [make_user() for _ in range(3)]
    for person in followers:
        follow_add(user=person, subject_type="round", subject_id=1, reason="registrant")
    voters.add(followers[0].pk)

    def job(now: datetime) -> int:
        if not (CLOSES - timedelta(hours=48) <= now < CLOSES):
            return 0
        with transaction.atomic():
            event_record(
                kind=KIND,
                organisation=city.organisation,
                subject_type="round_reminder",
                subject_id=1,
                title="Voting closes in 48 hours",
                url="/rounds/1/",
                recipient_ids=[p.pk for p in followers if p.pk not in voters],
                dedupe_key="round.voting_closes_soon:1",
            )
        return 1

    scheduled_job_register("test.closing_soon", job, every=timedelta(minutes=10))
    yield followers
    scheduled_job_unregister("test.closing_soon")


def test_a_scheduled_job_runs_when_due_and_twice_sends_once(
    closing_soon_job: Any, django_capture_on_commit_callbacks: Any
) -> None:
    followers = closing_soon_job
    with time_machine.travel(CLOSES - timedelta(hours=72), tick=False):
        assert scheduled_jobs_run()["test.closing_soon"] == "ran"
        assert Event.objects.count() == 0  # not yet within 48 hours
    with (
        time_machine.travel(CLOSES - timedelta(hours=47), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert scheduled_jobs_run()["test.closing_soon"] == "ran"
        assert scheduled_jobs_run()["test.closing_soon"] == "not due"  # beat twice
    with (
        time_machine.travel(CLOSES - timedelta(hours=46), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduled_jobs_task.delay()  # due again: runs, records nothing new
    assert Event.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in followers[1:])
    run = JobRun.objects.get(name="job:test.closing_soon")
    assert run.runs == 3
    assert run.last_error == ""


def test_a_failing_job_is_recorded_and_does_not_stop_the_others() -> None:
    ran: list[datetime] = []

    def broken(now: datetime) -> None:
        raise RuntimeError("boom")

    scheduled_job_register("test.a_broken", broken)
    scheduled_job_register("test.b_fine", ran.append)
    try:
        outcome = scheduled_jobs_run()
    finally:
        scheduled_job_unregister("test.a_broken")
        scheduled_job_unregister("test.b_fine")
    assert outcome["test.a_broken"] == "failed"
    assert outcome["test.b_fine"] == "ran"
    assert JobRun.objects.get(name="job:test.a_broken").last_error == "boom"
    with pytest.raises(ValueError):
        scheduled_job_register("test.too_often", ran.append, every=timedelta(seconds=5))


def test_with_the_broker_down_events_wait_and_the_relay_hands_them_over_later(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    person = make_user()
    down = mock.patch(
        "civic.notifications.tasks.event_fanout_task.apply_async",
        side_effect=ConnectionRefusedError("redis is down"),
    )
    with down, django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = event_record(
            kind=KIND,
            organisation=city.organisation,
            subject_type="round",
            subject_id=1,
            title="t",
            url="/r/",
            recipient_ids=[person.pk],
        )
    event.refresh_from_db()
    assert event.state == Event.State.PENDING  # the change committed; delivery waits
    assert event.dispatched_at is None
    with down:
        assert relay_run(now=event.created_at + timedelta(seconds=30))["events_waiting"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_run(now=event.created_at + timedelta(seconds=60))["events"] == 1
    event.refresh_from_db()
    assert event.state == Event.State.DONE
    assert [m.to[0] for m in mail.outbox] == [person.email]
    # Later relay runs find nothing to do: no double sends.
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_run(now=event.created_at + timedelta(hours=1))["events"] == 0
    assert len(mail.outbox) == 1
    assert JobRun.objects.get(name="relay").runs == 3


def test_replay_events_command(city: CityFixture, django_capture_on_commit_callbacks: Any) -> None:
    person = make_user()
    with (
        mock.patch(
            "civic.notifications.tasks.event_fanout_task.apply_async",
            side_effect=ConnectionRefusedError,
        ),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        event_record(
            kind=KIND,
            organisation=city.organisation,
            subject_type="round",
            subject_id=1,
            title="t",
            url="/r/",
            recipient_ids=[person.pk],
        )
    out = StringIO()
    call_command("replay_events", "--dry-run", stdout=out)
    assert "1 undelivered events" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_events", stdout=out)
        call_command("replay_events", stdout=out)
    assert Notification.objects.filter(user=person).count() == 1
    assert len(mail.outbox) == 1


def test_daily_digest_period_keys_follow_the_city_calendar(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    from civic.notifications.services.digests import digests_plan, period_key
    from tests.notifications.conftest import DIGEST_KIND

    # 23:30 UTC on 1 December is already 2 December in Amsterdam.
    assert period_key("daily", datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == "2026-12-02"
    assert period_key("weekly", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)) == "2026-W49"
    person = make_user()
    with (
        time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        event_record(
            kind=DIGEST_KIND,
            organisation=city.organisation,
            subject_type="s",
            subject_id=1,
            title="Comment",
            url="/c/",
            recipient_ids=[person.pk],
        )
    with (
        time_machine.travel(datetime(2026, 12, 2, 6, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert len(digests_plan(frequency="daily")) == 1
        assert digests_plan(frequency="daily") == []
    assert [m.to[0] for m in mail.outbox] == [person.email]
