"""The event contract: outbox atomicity, dedupe keys, follows, area subscriptions, kinds."""

from __future__ import annotations

import pytest
from django.db import transaction

from civic.notifications.kinds import Channel, kind_get, kind_register, kinds
from civic.notifications.models import AreaSubscription, Event, Follow
from civic.notifications.services.events import (
    area_subscribe,
    area_subscriptions_set,
    area_unsubscribe,
    event_record,
    follow_add,
    follow_remove,
    is_following,
)
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db

KIND = "testing.happened"


@pytest.fixture(autouse=True)
def _kind() -> None:
    kind_register(KIND, "Something happened", Channel.EMAIL)


def record(city: CityFixture, **extra: object) -> Event:
    fields: dict[str, object] = {
        "kind": KIND,
        "organisation": city.organisation,
        "subject_type": "consultation",
        "subject_id": 7,
        "title": "Park benches",
        "url": "/consultations/7/",
    }
    fields.update(extra)
    return event_record(**fields)  # type: ignore[arg-type]


def test_a_rolled_back_change_records_no_event(city: CityFixture) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        record(city)
        raise RuntimeError("the feature's change failed")
    assert Event.objects.count() == 0


def test_a_committed_change_records_its_event_and_hands_it_over_after_commit(
    city: CityFixture, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        event = record(city, area_ids=[city.areas["north"].pk, city.areas["north"].pk])
        assert callbacks == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    event.refresh_from_db()
    assert event.state == Event.State.PENDING
    assert event.area_ids == [city.areas["north"].pk]


def test_the_same_dedupe_key_records_one_event(city: CityFixture) -> None:
    first = record(city, dedupe_key="consultation.closing_soon:7")
    second = record(city, dedupe_key="consultation.closing_soon:7")
    assert first.pk == second.pk
    assert Event.objects.count() == 1


def test_unknown_kinds_are_refused(city: CityFixture) -> None:
    with pytest.raises(LookupError):
        record(city, kind="nobody.registered_this")
    with pytest.raises(ValueError):
        kind_register("nodot", "x")


def test_kinds_are_listed_with_labels_and_defaults() -> None:
    assert kind_get(KIND).default_channel == Channel.EMAIL
    assert KIND in [k.kind for k in kinds()]


def test_follow_add_is_idempotent_and_an_explicit_unfollow_beats_automatic_follows(
    city: CityFixture,
) -> None:
    person = city.people["resident"]
    follow_add(user=person, subject_type="item", subject_id=3, reason="voter")
    follow_add(user=person, subject_type="item", subject_id=3, reason="voter")
    assert Follow.objects.filter(user=person).count() == 1
    assert is_following(user=person, subject_type="item", subject_id=3)

    follow_remove(user=person, subject_type="item", subject_id=3)
    assert not is_following(user=person, subject_type="item", subject_id=3)
    follow_add(user=person, subject_type="item", subject_id=3, reason="author")
    assert not is_following(user=person, subject_type="item", subject_id=3)
    follow_add(user=person, subject_type="item", subject_id=3)  # explicit
    assert is_following(user=person, subject_type="item", subject_id=3)
    # Removing something never followed is harmless.
    follow_remove(user=person, subject_type="item", subject_id=99)


def test_area_subscriptions(city: CityFixture) -> None:
    person = city.people["signed_in"]
    area_subscribe(user=person, area=city.areas["north"])
    area_subscribe(user=person, area=city.areas["north"])
    assert AreaSubscription.objects.filter(user=person).count() == 1
    area_subscriptions_set(user=person, areas=[city.areas["south"], city.areas["north-1"]])
    assert set(AreaSubscription.objects.filter(user=person).values_list("area_id", flat=True)) == {
        city.areas["south"].pk,
        city.areas["north-1"].pk,
    }
    area_unsubscribe(user=person, area=city.areas["south"])
    assert AreaSubscription.objects.filter(user=person).count() == 1
