"""A person's data: the JSON download, and account deletion that keeps nothing personal."""

from __future__ import annotations

import json

from allauth.account.models import EmailAddress
from django.test import Client

from civic.accounts.models import User, Verification
from civic.accounts.services.personal_data import personal_data_export
from tests.factories import PASSWORD, CityFixture


def test_export_holds_profile_verification_and_roles(city: CityFixture) -> None:
    data = personal_data_export(user=city.people["resident"])
    assert data["profile"]["email"] == city.people["resident"].email
    assert data["verifications"][0]["area"] == "North One"
    assert data["verifications"][0]["birth_year"] == 1980
    official = personal_data_export(user=city.people["official"])
    assert official["memberships"] == [
        {
            "organisation": "Town",
            "role": "official",
            "granted_at": official["memberships"][0]["granted_at"],
        }
    ]
    assert official["second_factors"][0]["type"] == "totp"
    assert "secret" not in json.dumps(official)


def test_export_page_downloads_json(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["resident"])
    response = client.get("/me/export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["profile"]["email"] == city.people["resident"].email
    assert Client().get("/me/export.json").status_code == 302


def test_delete_account_needs_the_password_and_removes_the_person(city: CityFixture) -> None:
    resident = city.people["resident"]
    client = Client()
    client.force_login(resident)
    wrong = client.post("/me/delete/", {"password": "nope", "confirm": "on"})
    assert "The password is not correct" in wrong.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    client.post("/me/delete/", {"password": PASSWORD, "confirm": "on"})
    assert not User.objects.filter(pk=resident.pk).exists()
    assert not EmailAddress.objects.filter(email=resident.email).exists()
    assert not Verification.objects.filter(user_id=resident.pk).exists()
    # The official who verified them is unaffected.
    assert User.objects.filter(pk=city.people["official"].pk).exists()


def test_api_export_and_delete(city: CityFixture) -> None:
    client = Client()
    user = city.people["signed_in"]
    client.force_login(user)
    assert client.get("/api/v1/me/export/").json()["profile"]["email"] == user.email
    refused = client.post(
        "/api/v1/me/delete/", {"password": "wrong"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "password"
    assert (
        client.post(
            "/api/v1/me/delete/", {"password": PASSWORD}, content_type="application/json"
        ).status_code
        == 204
    )
    assert not User.objects.filter(pk=user.pk).exists()
