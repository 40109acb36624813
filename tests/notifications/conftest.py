"""Helpers for notification tests: a registered kind and an event recorder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from civic.notifications.kinds import Channel, kind_register
from civic.notifications.models import Event
from civic.notifications.services.events import event_record
from tests.factories import CityFixture

KIND = "testing.voting_opens"
DIGEST_KIND = "testing.comment"


@pytest.fixture(autouse=True)
def _kinds() -> None:
    kind_register(KIND, "Voting opens", Channel.EMAIL)
    kind_register(DIGEST_KIND, "New comment", Channel.DAILY)


Record = Callable[..., Event]


def _event_fields(city: CityFixture, extra: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": KIND,
        "organisation": city.organisation,
        "subject_type": "round",
        "subject_id": 1,
        "title": "Participatory budget 2027",
        "url": "/rounds/1/",
    }
    fields.update(extra)
    return fields


@pytest.fixture
def record(city: CityFixture, django_capture_on_commit_callbacks: Any) -> Record:
    """Record an event in a transaction and run what follows the commit (eager Celery)."""

    def _record(**extra: Any) -> Event:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            event = event_record(**_event_fields(city, extra))
        event.refresh_from_db()
        return event

    return _record


@pytest.fixture
def record_held(city: CityFixture, django_capture_on_commit_callbacks: Any) -> Record:
    """Record an event with its hand-over to Celery held back, so that the test drives
    the fan-out itself; the held callbacks are on ``event.hand_over``."""

    def _record(**extra: Any) -> Event:
        with django_capture_on_commit_callbacks(execute=False) as held, transaction.atomic():
            event = event_record(**_event_fields(city, extra))
        event.hand_over = held  # type: ignore[attr-defined]
        return event

    return _record
