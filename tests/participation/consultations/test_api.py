"""The API: the same validation as the pages, object-level permissions, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from participation.models import ConsultationQuestionRevision
from participation.services.consultation_responses import response_submit
from participation.services.consultations import consultation_close
from tests.factories import CityFixture
from tests.participation.consultations.helpers import first_question, make_consultation, options

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_official_builds_and_opens_a_consultation(city: CityFixture) -> None:
    api = _client(city.people["official"])
    created = api.post(
        "/api/v1/consultations/",
        {
            "organisation": "town",
            "title": "Bus routes",
            "body": "Read <script>alert(1)</script> **this**",
            "closes_at": "2099-01-01T00:00:00Z",
            "audience": "area_residents",
            "audience_areas": [city.areas["north"].pk],
            "sdg_goals": [11],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and "<script>" not in body["body_html"]
    assert "<strong>this</strong>" in body["body_html"]
    pk = body["id"]
    question = api.post(
        f"/api/v1/consultations/{pk}/questions/",
        {"kind": "single", "text": "Which?", "required": True, "config": options("A", "B")},
        format="json",
    )
    assert question.status_code == 201, question.json()
    opened = api.post(f"/api/v1/consultations/{pk}/open/")
    assert opened.status_code == 200 and opened.json()["status"] == "open"


@pytest.mark.parametrize(
    ("role", "status"),
    [("official", 201), ("official_no_mfa", 403), ("official_other", 403), ("moderator", 403),
     ("resident", 403), ("superuser", 201)],
)  # fmt: skip
def test_only_officials_of_the_organisation_create(
    city: CityFixture, role: str, status: int
) -> None:
    response = _client(city.people[role]).post(
        "/api/v1/consultations/", {"organisation": "town", "title": "X"}, format="json"
    )
    assert response.status_code == status


def test_drafts_are_invisible_outside_the_organisation(city: CityFixture) -> None:
    draft = make_consultation(city, open_now=False)
    assert _client().get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    assert (
        _client(city.people["official_other"]).get(f"/api/v1/consultations/{draft.pk}/").status_code
        == 404
    )
    assert (
        _client(city.people["official"]).get(f"/api/v1/consultations/{draft.pk}/").status_code
        == 200
    )
    assert (
        _client(city.people["official_other"])
        .patch(f"/api/v1/consultations/{draft.pk}/", {"title": "Mine"}, format="json")
        .status_code
        == 404
    )
    ids = [c["id"] for c in _client().get("/api/v1/consultations/").json()["results"]]
    assert draft.pk not in ids


def test_response_payload_errors_are_field_precise(city: CityFixture) -> None:
    consultation = make_consultation(city)
    q = first_question(consultation)
    api = _client(city.people["resident"])
    url = f"/api/v1/consultations/{consultation.pk}/my-response/"
    bad = api.post(url, {"answers": {q.field_name: "nope", "q0": 1}}, format="json")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {f"answers.{q.field_name}", "answers.q0"}
    saved = api.put(url, {"answers": {}}, format="json")
    assert saved.json() == {"state": "draft", "answers": {}}
    good = api.post(url, {"answers": {q.field_name: "o2"}}, format="json")
    assert good.status_code == 201 and good.json()["state"] == "submitted"
    assert api.get(url).json()["answers"] == {q.field_name: "o2"}


def test_audience_refusal_through_the_api(city: CityFixture) -> None:
    consultation = make_consultation(city, audience="residents")
    q = first_question(consultation)
    refused = _client(city.people["signed_in"]).post(
        f"/api/v1/consultations/{consultation.pk}/my-response/",
        {"answers": {q.field_name: "o1"}},
        format="json",
    )
    assert refused.status_code == 403
    assert "verified residents" in refused.json()["detail"]


def test_questions_change_only_in_wording_after_the_first_response(city: CityFixture) -> None:
    consultation = make_consultation(city)
    q = first_question(consultation)
    response_submit(
        user=city.people["resident"], consultation=consultation, answers={q.field_name: "o1"}
    )
    api = _client(city.people["official"])
    url = f"/api/v1/consultations/{consultation.pk}/questions/{q.pk}/"
    structural = api.patch(url, {"config": options("A", "B")}, format="json")  # removes an option
    assert structural.status_code == 400
    wording = {
        "options": [{"key": f"o{i}", "label": t} for i, t in enumerate(["Yes!", "No", "Maybe"], 1)]
    }
    fixed = api.patch(url, {"text": "Do you like the park?", "config": wording}, format="json")
    assert fixed.status_code == 200, fixed.json()
    revision = ConsultationQuestionRevision.objects.get(question=q)
    assert revision.before["text"] == "Do you like it?" and revision.after["options"][0] == "Yes!"
    added = api.post(
        f"/api/v1/consultations/{consultation.pk}/questions/",
        {"kind": "short_text", "text": "New?"},
        format="json",
    )
    assert added.status_code == 409
    assert api.delete(url).status_code == 409


def test_list_costs_a_constant_number_of_queries(city: CityFixture) -> None:
    api = _client(city.people["resident"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/consultations/").status_code == 200
        return len(queries)

    make_consultation(city, areas=[city.areas["north"]])
    count()  # warm the per-person caches (roles, verification)
    few = count()
    for n in range(6):
        make_consultation(city, title=f"More {n}", areas=[city.areas["south"], city.areas["north"]])
    assert count() == few


def test_comment_list_costs_a_constant_number_of_queries(city: CityFixture) -> None:
    from civic.accounts.services.verification import verification_in_person
    from participation.services.consultation_drafts import (
        draft_version_publish,
        paragraph_comment_add,
    )
    from tests.factories import make_user

    consultation = make_consultation(city)
    version = draft_version_publish(
        actor=city.people["official"], consultation=consultation, title="T", source="One.\n\nTwo."
    )
    paragraph = version.paragraphs.get(position=1)
    url = f"/api/v1/consultations/{consultation.pk}/paragraphs/{paragraph.pk}/comments/"

    def comment() -> None:
        person = make_user()
        verification_in_person(
            actor=city.people["official"],
            user=person,
            organisation=city.organisation,
            area=city.areas["north"],
            birth_year=1990,
        )
        paragraph_comment_add(user=person, paragraph=paragraph, body="Hi")

    comment()
    with CaptureQueriesContext(connection) as one:
        assert _client().get(url).status_code == 200
    for _ in range(5):
        comment()
    with CaptureQueriesContext(connection) as many:
        assert len(_client().get(url).json()["results"]) == 6
    assert len(many) == len(one)


def test_answer_and_results_through_the_api(city: CityFixture) -> None:
    consultation = make_consultation(city)
    q = first_question(consultation)
    response_submit(
        user=city.people["resident"], consultation=consultation, answers={q.field_name: "o1"}
    )
    official = _client(city.people["official"])
    assert _client().get(f"/api/v1/consultations/{consultation.pk}/results/").status_code == 403
    consultation_close(actor=city.people["official"], consultation=consultation)
    results = _client().get(f"/api/v1/consultations/{consultation.pk}/results/").json()
    assert results["respondents"] == 1 and results["threshold"] == 5
    assert _client().get(f"/api/v1/consultations/{consultation.pk}/answer/").status_code == 404
    item = official.post(
        f"/api/v1/consultations/{consultation.pk}/answer-items/",
        {
            "you_said": "Yes",
            "we_did": "Did it",
            "outcome": "adopted",
            "reason": "",
            "question": q.pk,
        },
        format="json",
    )
    assert item.status_code == 400 and item.json()["errors"][0]["field"] == "reason"
    item = official.post(
        f"/api/v1/consultations/{consultation.pk}/answer-items/",
        {
            "you_said": "Yes",
            "we_did": "Did it",
            "outcome": "adopted",
            "reason": "Asked",
            "question": q.pk,
        },
        format="json",
    )
    assert item.status_code == 201
    published = official.put(
        f"/api/v1/consultations/{consultation.pk}/answer/",
        {"body": "Thanks", "publish": True},
        format="json",
    )
    assert published.status_code == 200
    public = _client().get(f"/api/v1/consultations/{consultation.pk}/answer/").json()
    assert public["items"][0]["outcome"] == "adopted" and public["published_at"]


def test_schema_documents_the_consultation_endpoints() -> None:
    schema = _client().get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/consultations/",
        "/api/v1/consultations/{id}/my-response/",
        "/api/v1/consultations/{id}/results/",
        "/api/v1/consultations/{id}/questions/{question_id}/",
        "/api/v1/consultations/{id}/paragraphs/{paragraph_id}/comments/",
        "/api/v1/consultations/{id}/answer/",
    ):
        assert path in paths, path
