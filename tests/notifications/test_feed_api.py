"""The in-app feed: page and /api/v1/notifications/, preferences, devices, operator view."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from civic.accounts.services.personal_data import personal_data_export
from civic.notifications.kinds import Channel
from civic.notifications.models import (
    AreaSubscription,
    Device,
    Follow,
    Notification,
    NotificationPreference,
)
from civic.notifications.services.events import area_subscribe, follow_add
from civic.notifications.services.preferences import channels_for
from tests.factories import TOTP_SECRET, CityFixture, make_user
from tests.notifications.conftest import KIND, Record

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_feed_api_lists_counts_and_marks_read_in_constant_queries(
    city: CityFixture, record: Record
) -> None:
    person = city.people["resident"]
    other = make_user()
    for subject in range(3):
        record(subject_id=subject, title=f"Item {subject}", recipient_ids=[person.pk, other.pk])
    client = api(person)
    with CaptureQueriesContext(connection) as few:
        first = client.get("/api/v1/notifications/")
    for subject in range(3, 12):
        record(subject_id=subject, title=f"Item {subject}", recipient_ids=[person.pk])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/notifications/")
    assert first.status_code == response.status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
    body = response.json()
    assert body["count"] == 12
    newest = body["results"][0]
    assert newest["title"] == "Item 11"
    assert newest["kind"] == KIND
    assert newest["kind_label"] == "Voting opens"
    assert newest["unread"] is True

    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 12}
    read = client.post(f"/api/v1/notifications/{newest['id']}/read/")
    assert read.status_code == 200
    assert read.json()["unread"] is False
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 11}
    assert client.post("/api/v1/notifications/read-all/").json() == {"unread": 0}
    # Someone else's notification is not found, not readable.
    theirs = Notification.objects.filter(user=other).first()
    assert theirs is not None
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert APIClient().get("/api/v1/notifications/").status_code in (401, 403)


def test_preferences_api(city: CityFixture) -> None:
    person = city.people["signed_in"]
    client = api(person)
    before = client.get("/api/v1/notifications/preferences/").json()
    assert {
        "kind": KIND,
        "label": "Voting opens",
        "channel": "email",
        "default_channel": "email",
    } in before["kinds"]
    changed = client.patch(
        "/api/v1/notifications/preferences/",
        {
            "channels": {KIND: Channel.WEEKLY},
            "muted": True,
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "area_ids": [city.areas["north"].pk],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["muted"] is True
    assert changed.json()["area_ids"] == [city.areas["north"].pk]
    assert channels_for(user=person)[KIND] == Channel.WEEKLY
    bad = client.patch(
        "/api/v1/notifications/preferences/", {"channels": {"no.such": "email"}}, format="json"
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    half = client.patch(
        "/api/v1/notifications/preferences/", {"quiet_start": "22:00"}, format="json"
    )
    assert half.status_code == 400


def test_device_registration(city: CityFixture) -> None:
    person, other = city.people["resident"], city.people["signed_in"]
    client = api(person)
    created = client.post(
        "/api/v1/devices/", {"platform": "android", "token": "tok-1", "name": "Phone"}
    )
    assert created.status_code == 201
    again = client.post("/api/v1/devices/", {"platform": "android", "token": "tok-1"})
    assert again.status_code == 201
    assert Device.objects.filter(token="tok-1").count() == 1
    assert len(client.get("/api/v1/devices/").json()["results"]) == 1
    # A phone that changes hands moves to its new owner.
    api(other).post("/api/v1/devices/", {"platform": "android", "token": "tok-1"})
    assert Device.objects.get(token="tok-1").user == other
    device = Device.objects.get(token="tok-1")
    assert client.delete(f"/api/v1/devices/{device.pk}/").status_code == 404
    assert api(other).delete(f"/api/v1/devices/{device.pk}/").status_code == 204
    assert client.post("/api/v1/devices/", {"platform": "fax", "token": "x"}).status_code == 400


def test_feed_page_marks_read_on_open_and_all_at_once(city: CityFixture, record: Record) -> None:
    person = city.people["resident"]
    event = record(recipient_ids=[person.pk])
    client = Client()
    client.force_login(person)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Participatory budget 2027" in page.content.decode()
    notification = Notification.objects.get(user=person, event=event)
    opened = client.get(f"/notifications/{notification.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == "/rounds/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    record(recipient_ids=[person.pk], subject_id=9)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()
    assert Client().get("/notifications/").status_code == 302  # sign in first


def test_preferences_page_saves_channels_switches_and_areas(city: CityFixture) -> None:
    person = city.people["resident"]
    client = Client()
    client.force_login(person)
    assert client.get("/notifications/preferences/").status_code == 200
    form: dict[str, Any] = {f"kind:{k}": v for k, v in channels_for(user=person).items()}
    form.update({f"kind:{KIND}": Channel.DAILY, "muted": "on", "areas": [city.areas["south"].pk]})
    response = client.post("/notifications/preferences/", form)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person, kind=KIND).channel == Channel.DAILY
    assert list(AreaSubscription.objects.filter(user=person).values_list("area", flat=True)) == [
        city.areas["south"].pk
    ]
    form["quiet_start"] = "22:00"
    invalid = client.post("/notifications/preferences/", form)
    assert invalid.status_code == 200
    assert "Give both ends of the quiet hours" in invalid.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("resident", False),
        ("official", False),
        ("official_no_mfa", False),
        ("org_admin", False),
        ("superuser", True),
        ("superuser_no_mfa", False),
        ("staff_with_mfa", True),
    ],
)
def test_operator_view_is_for_staff_only(city: CityFixture, role: str, allowed: bool) -> None:
    if role == "staff_with_mfa":
        city.people[role] = staff_account = make_user(is_staff=True)
        TOTP.activate(staff_account, TOTP_SECRET)
    client = Client()
    client.force_login(city.people[role])
    response = client.get("/notifications/operations/")
    # Staff without a second factor are sent to set one up first.
    assert response.status_code == 200 if allowed else response.status_code in (302, 403)
    if allowed:
        assert "Events waiting" in response.content.decode()


def test_personal_data_export_and_erasure(city: CityFixture, record: Record) -> None:
    from civic.accounts.services.personal_data import account_delete

    person = make_user()
    follow_add(user=person, subject_type="round", subject_id=1)
    area_subscribe(user=person, area=city.areas["north"])
    record(recipient_ids=[person.pk])
    data = personal_data_export(user=person)["notifications"]
    assert data["notifications"][0]["title"] == "Participatory budget 2027"
    assert data["follows"] == [{"subject_type": "round", "subject_id": 1, "reason": "explicit"}]
    assert data["area_subscriptions"] == ["North"]
    account_delete(user=person)
    assert not Notification.objects.filter(user_id=person.pk).exists()
    assert not Follow.objects.filter(user_id=person.pk).exists()
