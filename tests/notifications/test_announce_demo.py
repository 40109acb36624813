"""Announcements by officials, and the demo's notification step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from civic.notifications.models import Event, Notification
from civic.notifications.services.events import area_subscribe
from tests.factories import CityFixture, make_user

pytestmark = pytest.mark.django_db


def test_an_official_announces_to_an_area_and_its_subscribers_hear_it(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    north, south = make_user(), make_user()
    area_subscribe(user=north, area=city.areas["north"])
    area_subscribe(user=south, area=city.areas["south"])
    client = Client()
    client.force_login(city.people["official"])
    assert client.get("/notifications/announce/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/notifications/announce/",
            {"area": city.areas["north-1"].pk, "title": "Road works", "summary": "Detour."},
        )
    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == [north.email]
    assert "Detour." in str(mail.outbox[0].body)
    assert Notification.objects.filter(user=north).count() == 1


@pytest.mark.parametrize("role", ["resident", "official_other", "official_no_mfa", "moderator"])
def test_others_cannot_announce(city: CityFixture, role: str) -> None:
    client = Client()
    client.force_login(city.people[role])
    response = client.post(
        "/notifications/announce/", {"area": city.areas["north"].pk, "title": "x"}
    )
    if role == "official_other":
        # Their own organisation's areas only: this area is not among the choices.
        assert response.status_code == 200
        assert Event.objects.count() == 0
    else:
        assert response.status_code in (302, 403)
        assert Event.objects.count() == 0


def test_the_demo_step_is_idempotent(django_capture_on_commit_callbacks: Any) -> None:
    from civic.demo import seed_city
    from civic.notifications.demo import demo_step
    from civic.notifications.models import AreaSubscription

    demo = seed_city(lambda _message: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo_step(demo, lambda _message: None)
        demo_step(demo, lambda _message: None)
    welcome = Event.objects.get(dedupe_key="demo:welcome")
    assert welcome.kind == "notifications.announcement"
    assert AreaSubscription.objects.filter(area=demo.areas["riverton"]).count() == 8
    assert Notification.objects.filter(event=welcome).count() == 8
    assert len(mail.outbox) == 8
