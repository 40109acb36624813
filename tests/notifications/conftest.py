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


@pytest.fixture
def record(city: CityFixture, django_capture_on_commit_callbacks: Any) -> Record:
    """Record an event in a transaction and run what follows the commit (eager Celery)."""

    def _record(**extra: Any) -> Event:
        fields: dict[str, Any] = {
            "kind": KIND,
            "organisation": city.organisation,
            "subject_type": "round",
            "subject_id": 1,
            "title": "Participatory budget 2027",
            "url": "/rounds/1/",
        }
        fields.update(extra)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            event = event_record(**fields)
        event.refresh_from_db()
        return event

    return _record
