"""The dialogues API: permissions per object, voting for a mobile app, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from participation.models import DialoguePhase, StatementVote
from participation.services.dialogues import participant_get_or_create
from participation.services.opinion_snapshots import snapshot_compute
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed, voters

pytestmark = pytest.mark.django_db


def client_for(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_mobile_voting_flow(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    first, second = seed(city, dialogue, "One", "Two")
    api = client_for(city.people["resident"])
    nxt = api.get(f"/api/v1/dialogues/{dialogue.pk}/next/")
    assert nxt.status_code == 200 and nxt.json()["id"] in (first.pk, second.pk)
    for _ in range(2):
        pk = api.get(f"/api/v1/dialogues/{dialogue.pk}/next/").json()["id"]
        vote = api.post(f"/api/v1/dialogues/statements/{pk}/vote/", {"value": 1, "important": True})
        assert vote.status_code == 200, vote.content
    assert api.get(f"/api/v1/dialogues/{dialogue.pk}/next/").status_code == 204
    mine = api.get(f"/api/v1/dialogues/{dialogue.pk}/my-votes/").json()
    assert mine["count"] == 2
    bad = api.post(f"/api/v1/dialogues/statements/{first.pk}/vote/", {"value": 5})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")


def test_anonymous_reads_but_cannot_vote(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "One")
    api = client_for()
    assert api.get(f"/api/v1/dialogues/{dialogue.pk}/statements/").status_code == 200
    assert api.get(f"/api/v1/dialogues/{dialogue.pk}/snapshot/").status_code == 204
    response = api.post(f"/api/v1/dialogues/statements/{statement.pk}/vote/", {"value": 1})
    assert response.status_code in (401, 403)


def test_draft_dialogues_are_hidden_from_others(city: CityFixture) -> None:
    dialogue = make_dialogue(city, phase=DialoguePhase.DRAFT)
    assert (
        client_for(city.people["resident"]).get(f"/api/v1/dialogues/{dialogue.pk}/").status_code
        == 404
    )
    assert (
        client_for(city.people["official_other"])
        .get(f"/api/v1/dialogues/{dialogue.pk}/")
        .status_code
        == 404
    )
    assert (
        client_for(city.people["official"]).get(f"/api/v1/dialogues/{dialogue.pk}/").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("person", "expected"),
    [("official", 201), ("official_other", 403), ("resident", 403), ("official_no_mfa", 403)],
)
def test_who_may_create_and_respond(city: CityFixture, person: str, expected: int) -> None:
    api = client_for(city.people[person])
    created = api.post(
        "/api/v1/dialogues/", {"organisation": "town", "question": "What next?"}, format="json"
    )
    assert created.status_code == expected
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "One")
    response = api.post(
        f"/api/v1/dialogues/{dialogue.pk}/responses/",
        {"statement": statement.pk, "outcome": "adopt", "rationale": "Yes"},
        format="json",
    )
    assert response.status_code == expected


def test_moderation_endpoints_need_a_moderator(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "One")
    payload = {"action": "hide", "public_reason": "Off topic"}
    url = f"/api/v1/dialogues/statements/{statement.pk}/moderate/"
    assert client_for(city.people["resident"]).post(url, payload).status_code == 403
    assert client_for(city.people["moderator"]).post(url, payload).status_code == 200
    # Hidden now: participants no longer find it; the public log shows the decision.
    assert (
        client_for(city.people["resident"])
        .post(f"/api/v1/dialogues/statements/{statement.pk}/vote/", {"value": 1})
        .status_code
        == 404
    )
    log = client_for().get(f"/api/v1/dialogues/{dialogue.pk}/moderation/log/").json()
    assert log["results"][0]["public_reason"] == "Off topic"


def test_replies_and_reports(city: CityFixture) -> None:
    dialogue = make_dialogue(city, auto_hide_reports=1)
    (statement,) = seed(city, dialogue, "One")
    api = client_for(city.people["resident"])
    reply = api.post(
        f"/api/v1/dialogues/statements/{statement.pk}/replies/",
        {"stance": "against", "body": "No"},
    )
    assert reply.status_code == 201
    report = client_for(city.people["signed_in"]).post(
        f"/api/v1/dialogues/replies/{reply.json()['id']}/reports/", {"reason": "spam"}
    )
    assert report.status_code == 201 and report.json()["content_status"] == "reported"


def _count(api: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_lists_cost_constant_queries(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    user = city.people["resident"]
    api = client_for(user)
    statements = seed(city, dialogue, "One", "Two")
    participant = participant_get_or_create(dialogue=dialogue, user=user)
    StatementVote.objects.create(statement=statements[0], participant=participant, value=1)
    urls = [
        f"/api/v1/dialogues/{dialogue.pk}/statements/",
        "/api/v1/dialogues/",
        f"/api/v1/dialogues/{dialogue.pk}/my-votes/",
        f"/api/v1/dialogues/{dialogue.pk}/responses/",
        f"/api/v1/dialogues/{dialogue.pk}/moderation/log/",
        "/api/v1/meetings/",
    ]
    for url in urls:  # warm the caches (content types, sessions)
        api.get(url)
    before = [_count(api, url) for url in urls]
    more = seed(city, dialogue, *[f"Statement {i}" for i in range(20)])
    for statement in more:
        StatementVote.objects.create(statement=statement, participant=participant, value=-1)
    for other in voters(3):
        make_dialogue(city, question=f"Another {other.pk}")
    after = [_count(api, url) for url in urls]
    assert before == after


def test_snapshot_endpoint(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, "One", "Two")
    for user in voters(3):
        participant = participant_get_or_create(dialogue=dialogue, user=user)
        for statement in statements:
            StatementVote.objects.create(statement=statement, participant=participant, value=1)
    snapshot_compute(dialogue_id=dialogue.pk)
    body = client_for().get(f"/api/v1/dialogues/{dialogue.pk}/snapshot/").json()
    assert body["n_votes"] == 6 and "statements" in body["map"]


def test_meeting_registration_api(city: CityFixture) -> None:
    from tests.participation.dialogues.test_meetings import make_meeting

    meeting = make_meeting(city, capacity=1)
    first = client_for(city.people["resident"]).post(f"/api/v1/meetings/{meeting.pk}/registration/")
    second = client_for(city.people["signed_in"]).post(
        f"/api/v1/meetings/{meeting.pk}/registration/"
    )
    assert (first.json()["status"], second.json()["status"]) == ("registered", "waiting")
    assert (
        client_for(city.people["unverified"])
        .post(f"/api/v1/meetings/{meeting.pk}/registration/")
        .status_code
        == 403
    )
    ics = client_for().get(f"/api/v1/meetings/{meeting.pk}/calendar.ics")
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR")
