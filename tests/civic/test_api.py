"""The API skeleton: app-token sign-in, problem details, languages, pagination, queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civic.places.models import AreaKind
from civic.places.services.areas import area_create
from tests.factories import PASSWORD, CityFixture, make_organisation


def _app_login(email: str, password: str = PASSWORD) -> tuple[int, dict[str, Any]]:
    response = Client().post(
        "/_allauth/app/v1/auth/login",
        {"email": email, "password": password},
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_mobile_app_signs_in_with_allauth_and_uses_the_token(city: CityFixture) -> None:
    user = city.people["resident"]
    status, body = _app_login(user.email)
    assert status == 200
    token = body["meta"]["session_token"]
    client = Client()
    me = client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert me.json()["verifications"][0]["area"] == "north-1"
    changed = client.patch(
        "/api/v1/me/",
        {"display_name": "Sam", "preferred_language": "ar"},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert changed.json()["preferred_language"] == "ar"
    assert client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN="forged").status_code == 401


def test_unconfirmed_email_cannot_get_a_token(city: CityFixture) -> None:
    status, body = _app_login(city.people["unverified"].email)
    assert status == 401
    assert "session_token" in body.get("meta", {})  # a pending-flow token only
    pending = body["meta"]["session_token"]
    assert Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=pending).status_code == 401


def test_errors_are_problem_details_with_fields(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["resident"])
    response = client.patch(
        "/api/v1/me/", {"preferred_language": "xx"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["title"] and body["instance"] == "/api/v1/me/"
    assert body["errors"][0]["field"] == "preferred_language"
    missing = Client().get("/api/v1/organisations/no-such-city/")
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_accept_language_is_honoured(city: CityFixture) -> None:
    response = Client().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert response["Content-Language"] == "zh-hans"
    english = Client().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert response.json()["detail"] != english


def test_census_verification_through_the_api(city: CityFixture) -> None:
    import io

    from civic.places.services.census import census_import

    census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nK-9,1960,south\n"),
        filename="c.csv",
    )
    client = Client()
    client.force_login(city.people["signed_in"])
    bad = client.post(
        "/api/v1/me/verification/",
        {"organisation": "town", "identifier": "K-9", "birth_year": 1961},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "identifier"
    good = client.post(
        "/api/v1/me/verification/",
        {"organisation": "town", "identifier": "K-9", "birth_year": 1960},
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["area"] == "south"
    status = client.get("/api/v1/me/verification/").json()
    assert status["verified"] is True


def test_official_verifies_in_person_through_the_api(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official"])
    response = client.post(
        "/api/v1/organisations/town/verifications/",
        {"email": city.people["signed_in"].email, "area": "atlantis", "birth_year": 1990},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "area"
    response = client.post(
        "/api/v1/organisations/town/verifications/",
        {"email": city.people["signed_in"].email, "area": "north", "birth_year": 1990},
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/api/v1/organisations/", "/api/v1/areas/"])
def test_list_endpoints_use_constant_queries(db: None, path: str) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(path).status_code == 200
        return len(queries)

    org = make_organisation()
    area_create(organisation=org, name="A", code="a", kind=AreaKind.CITY)
    few = count()
    for index in range(12):
        other = make_organisation()
        area_create(organisation=other, name=f"B{index}", code=f"b{index}", kind=AreaKind.CITY)
    assert count() == few


def test_areas_filter_by_organisation_and_kind(city: CityFixture) -> None:
    body = Client().get("/api/v1/areas/?organisation=town&kind=district").json()
    assert sorted(area["code"] for area in body["results"]) == ["north", "south"]
    assert all(area["parent"] == "town" for area in body["results"])


def test_schema_and_docs_are_served_without_a_cdn(db: None) -> None:
    client = Client()
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/organisations/{organisation_slug}/census-imports/" in schema["paths"]
    docs = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs
