"""Organisers' page forms: open and edit a dialogue, plan, edit and cancel a meeting (with
an agenda linked to statements). Errors appear next to the fields; permissions are rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from participation.models import (
    Dialogue,
    DialogueSettings,
    IdentityMode,
    Meeting,
    MeetingStatus,
)
from participation.services.meetings import registration_add
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed, voters
from tests.participation.dialogues.test_meetings import make_meeting


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def dialogue_post(city: CityFixture, **overrides: Any) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=1)
    data: dict[str, Any] = {
        "question": "What should the new square be used for?",
        "framing": "The old car park closes next year.",
        "areas": [city.areas["north"].pk],
        "sdg_goals": ["11", "3"],
        "languages": ["en"],
        "identity_mode": IdentityMode.VERIFIED,
        "moderation_mode": "pre",
        "statement_max_length": "200",
        "participants_may_add": "on",
        "auto_hide_reports": "4",
        "seed_starts_at": _local(start),
        "opens_at": _local(start + timedelta(days=2)),
        "responds_at": _local(start + timedelta(days=20)),
        "closes_at": _local(start + timedelta(days=40)),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_official_opens_a_dialogue_with_every_setting(city: CityFixture) -> None:
    web = client_for(city.people["official"])
    url = f"/dialogues/new/{city.organisation.slug}/"
    assert web.get(url).status_code == 200
    response = web.post(url, dialogue_post(city))
    dialogue = Dialogue.objects.get(question__startswith="What should the new square")
    assert response.status_code == 302 and response["Location"] == f"/dialogues/{dialogue.pk}/"
    assert dialogue.phase == "draft"
    assert dialogue.sdg_goals == [3, 11] and dialogue.languages == ["en"]
    assert dialogue.identity_mode == "verified" and dialogue.moderation_mode == "pre"
    assert dialogue.statement_max_length == 200 and dialogue.auto_hide_reports == 4
    assert list(dialogue.areas.all()) == [city.areas["north"]]
    assert dialogue.seed_starts_at and dialogue.closes_at
    # The dialogue page links the organiser to the editor.
    page = web.get(f"/dialogues/{dialogue.pk}/").content.decode()
    assert f"/dialogues/{dialogue.pk}/edit/" in page


@pytest.mark.django_db
def test_service_errors_appear_next_to_their_fields(city: CityFixture) -> None:
    web = client_for(city.people["official"])
    start = timezone.now() + timedelta(days=5)
    response = web.post(
        f"/dialogues/new/{city.organisation.slug}/",
        dialogue_post(
            city,
            statement_max_length="5",
            opens_at=_local(start),
            responds_at=_local(start - timedelta(days=1)),
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "statement_max_length" in form.errors
    assert "closes_at" in form.errors
    assert not Dialogue.objects.filter(question__startswith="What should").exists()
    html = response.content.decode()
    assert 'role="alert"' in html and "between 20 and 1000" in html


@pytest.mark.django_db
def test_editing_keeps_one_validation_path(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    voter = city.people["resident"]
    statement = seed(city, dialogue, "More trees")[0]
    from participation.services.dialogues import vote_cast

    vote_cast(user=voter, statement=statement, value=1)
    web = client_for(city.people["official"])
    url = f"/dialogues/{dialogue.pk}/edit/"
    form = web.get(url).context["form"]
    data = {k: v for k, v in dialogue_post(city).items() if k != "seed_starts_at"}
    data.update(question="How should the park change, really?", identity_mode="pseudonymous")
    data["opens_at"] = data["responds_at"] = data["closes_at"] = ""
    assert form.initial["question"] == dialogue.question
    ok = web.post(url, data)
    assert ok.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.question == "How should the park change, really?"
    # Who may take part cannot change once people voted: the error sits on that field.
    refused = web.post(url, {**data, "identity_mode": "verified"})
    assert refused.status_code == 200
    assert "identity_mode" in refused.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("official", 200),
        ("org_admin", 200),
        ("superuser", 200),
        ("official_other", 403),
        ("official_no_mfa", 302),  # sent to set up a second factor first
        ("moderator", 403),
        ("resident", 403),
        ("signed_in", 403),
    ],
)
def test_who_may_open_a_dialogue(city: CityFixture, person: str, status: int) -> None:
    url = f"/dialogues/new/{city.organisation.slug}/"
    assert client_for(city.people[person]).get(url).status_code == status


@pytest.mark.django_db
def test_residents_open_dialogues_where_the_organisation_allows(city: CityFixture) -> None:
    resident = city.people["resident"]
    web = client_for(resident)
    url = f"/dialogues/new/{city.organisation.slug}/"
    assert web.get(url).status_code == 403
    assert "/dialogues/new/" not in web.get("/dialogues/").content.decode()
    DialogueSettings.objects.create(organisation=city.organisation, residents_may_open=True)
    assert "/dialogues/new/" in web.get("/dialogues/").content.decode()
    assert web.get("/dialogues/new/").status_code == 302
    assert web.post(url, dialogue_post(city)).status_code == 302
    dialogue = Dialogue.objects.get(created_by=resident)
    # The resident sees and edits their own draft; others do not see it.
    assert web.get(f"/dialogues/{dialogue.pk}/").status_code == 200
    assert web.get(f"/dialogues/{dialogue.pk}/edit/").status_code == 200
    assert web.get(f"/dialogues/{dialogue.pk}/manage/").status_code == 403
    assert client_for(city.people["signed_in"]).get(f"/dialogues/{dialogue.pk}/").status_code == 404
    # Not verified: still refused.
    assert client_for(city.people["signed_in"]).get(url).status_code == 403


def meeting_post(**overrides: Any) -> dict[str, Any]:
    start = timezone.now() + timedelta(days=4)
    data: dict[str, Any] = {
        "title": "Square walk",
        "description": "We walk the square together.",
        "mode": "hybrid",
        "place": "Town hall, room 2",
        "online_url": "https://meet.example.org/square",
        "starts_at": _local(start),
        "ends_at": _local(start + timedelta(hours=2)),
        "capacity": "30",
        "area": "",
        "dialogue": "",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_plan_a_meeting_with_an_agenda_linked_to_statements(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    trees, benches = seed(city, dialogue, "More trees", "More benches")
    web = client_for(city.people["official"])
    url = f"/meetings/new/{city.organisation.slug}/?dialogue={dialogue.pk}"
    form = web.get(url).context["form"]
    assert form.initial["dialogue"] == dialogue.pk
    page = web.get(f"/dialogues/{dialogue.pk}/").content.decode()
    assert f"/meetings/new/{city.organisation.slug}/?dialogue={dialogue.pk}" in page
    response = web.post(
        url,
        meeting_post(
            dialogue=str(dialogue.pk),
            area=str(city.areas["north"].pk),
            **{
                "agenda-0-title": "Welcome",
                "agenda-1-title": "",
                "agenda-1-statement": str(trees.pk),
                "agenda-2-title": "Benches",
                "agenda-2-statement": str(benches.pk),
            },
        ),
    )
    meeting = Meeting.objects.get(title="Square walk")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.mode == "hybrid" and meeting.capacity == 30 and meeting.dialogue == dialogue
    agenda = [(i.position, i.title, i.statement_id) for i in meeting.agenda.all()]
    assert agenda == [(1, "Welcome", None), (2, "More trees", trees.pk), (3, "Benches", benches.pk)]


@pytest.mark.django_db
def test_meeting_errors_sit_next_to_fields(city: CityFixture) -> None:
    other = make_dialogue(city, question="Another one")
    elsewhere = seed(city, other, "Elsewhere")[0]
    web = client_for(city.people["official"])
    url = f"/meetings/new/{city.organisation.slug}/"
    response = web.post(url, meeting_post(place="", online_url=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "place" in errors and "online_url" in errors
    # A statement of another dialogue is not even a choice for a standalone meeting.
    response = web.post(url, meeting_post(**{"agenda-0-statement": str(elsewhere.pk)}))
    assert response.status_code == 200
    assert response.context["agenda"].forms[0].errors
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_edit_and_cancel_a_meeting(city: CityFixture) -> None:
    meeting = make_meeting(city, capacity=5)
    people = voters(3)
    for person in people:
        registration_add(user=person, meeting=meeting)
    web = client_for(city.people["official"])
    page = web.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/edit/" in page and f"/meetings/{meeting.pk}/cancel/" in page
    form = web.get(f"/meetings/{meeting.pk}/edit/").context["form"]
    assert form.initial["title"] == meeting.title
    data = meeting_post(mode="in_person", online_url="", capacity="2")
    refused = web.post(f"/meetings/{meeting.pk}/edit/", data)
    assert refused.status_code == 200 and "capacity" in refused.context["form"].errors
    assert web.post(f"/meetings/{meeting.pk}/edit/", {**data, "capacity": "3"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Square walk" and meeting.capacity == 3
    empty = web.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    done = web.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "The hall is flooded."})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert web.get(f"/meetings/{meeting.pk}/edit/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["official_other", "moderator", "resident"])
def test_only_officials_of_the_organisation_change_meetings(city: CityFixture, person: str) -> None:
    meeting = make_meeting(city)
    web = client_for(city.people[person])
    for path in ("edit/", "cancel/"):
        assert web.get(f"/meetings/{meeting.pk}/{path}").status_code == 403
    assert web.get(f"/meetings/new/{city.organisation.slug}/").status_code == 403
    page = web.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/edit/" not in page


@pytest.mark.django_db
def test_residents_open_dialogues_through_the_api_where_allowed(city: CityFixture) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(city.people["resident"])
    payload = {"organisation": city.organisation.slug, "question": "A playground on Elm Road?"}
    assert api.post("/api/v1/dialogues/", payload, format="json").status_code == 403
    DialogueSettings.objects.create(organisation=city.organisation, residents_may_open=True)
    created = api.post("/api/v1/dialogues/", payload, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    changed = api.patch(f"/api/v1/dialogues/{pk}/", {"statement_max_length": 5}, format="json")
    assert changed.status_code == 400 and "statement_max_length" in str(changed.json())
    ok = api.patch(f"/api/v1/dialogues/{pk}/", {"framing": "Near the school."}, format="json")
    assert ok.status_code == 200 and ok.json()["framing"] == "Near the school."
    # Moving phases stays with the officials.
    phase = api.post(f"/api/v1/dialogues/{pk}/phase/", {"phase": "open"}, format="json")
    assert phase.status_code == 403
    other = APIClient()
    other.force_authenticate(city.people["signed_in"])
    refused = other.patch(f"/api/v1/dialogues/{pk}/", {"framing": "x"}, format="json")
    assert refused.status_code == 404  # someone else's draft is not even visible
