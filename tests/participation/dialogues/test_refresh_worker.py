"""The debounced opinion map refresh on a real Celery worker process over Redis, against
PostgreSQL: a burst of votes queues one task, the worker computes one snapshot, and the
snapshot carries the census weighting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from participation.models import Dialogue, OpinionMapSnapshot
from participation.services.dialogues import vote_cast
from tests.notifications.servers import Worker, free_port, wait_for
from tests.notifications.test_real_worker import use_broker, worker_env
from tests.participation.dialogues.helpers import make_dialogue, seed
from tests.participation.dialogues.test_weighting import verified_voters

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_broker(settings: Any) -> Iterator[str]:
    """Publish to Redis from this process (the test settings are eager otherwise)."""
    from civic.celery import app

    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    use_broker(settings.REDIS_URL)
    try:
        yield settings.REDIS_URL
    finally:
        app.conf.task_always_eager = True
        use_broker(previous)


def test_a_burst_of_votes_is_refreshed_once_by_a_real_worker(
    redis_broker: str, settings: Any, city: Any
) -> None:
    settings.DIALOGUE_MAP_DEBOUNCE_SECONDS = 1
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, "north", "trees", "benches", "lights", "bins", "paths")
    north = verified_voters(city, "north-1", 12, 1980)
    south = verified_voters(city, "south", 4, 1950)
    # No SMTP server is needed: nothing here sends mail (an unused port stands in).
    worker = Worker(worker_env(redis_broker, free_port()))
    try:
        with transaction.atomic():
            for person in north + south:
                for index, statement in enumerate(statements):
                    value = -1 if index == 0 and person in south else 1
                    vote_cast(user=person, statement=statement, value=value)
        assert Dialogue.objects.get(pk=dialogue.pk).map_refresh_queued_at is not None
        assert wait_for(
            lambda: OpinionMapSnapshot.objects.filter(dialogue=dialogue).exists(),
            timeout=60,
            every=0.5,
        ), worker.lines[-30:]
        # Give a duplicate refresh, were one queued, time to show up.
        wait_for(lambda: False, timeout=3)
    finally:
        worker.stop()
    snapshots = list(OpinionMapSnapshot.objects.filter(dialogue=dialogue))
    assert len(snapshots) == 1
    assert Dialogue.objects.get(pk=dialogue.pk).map_refresh_queued_at is None
    data = snapshots[0].data
    assert snapshots[0].n_participants == 16 and snapshots[0].n_votes == 16 * 6
    assert data["weighting"]["participants_with_attributes"] == 16
    first = next(s for s in data["statements"] if s["statement_id"] == statements[0].pk)
    assert first["agree_share"] == pytest.approx(12 / 16)
    assert first["weighted_agree_share"] == pytest.approx(0.5, abs=0.01)
    assert any("opinion_map_refresh_task" in line for line in worker.lines)
