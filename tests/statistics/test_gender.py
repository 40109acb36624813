"""The optional, self-declared gender: profile form, data download, erasure."""

from __future__ import annotations

from django.test import Client

from civic.accounts import personal_data
from civic.accounts.services.personal_data import personal_data_export
from tests.factories import CityFixture


def test_profile_form_saves_gender_and_it_is_optional(city: CityFixture) -> None:
    user = city.people["signed_in"]
    client = Client()
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert 'name="gender"' in page
    assert "Prefer not to say" in page
    client.post("/me/", {"display_name": "Ann", "preferred_language": "en", "gender": "woman"})
    user.refresh_from_db()
    assert user.gender == "woman"
    client.post("/me/", {"display_name": "Ann", "preferred_language": "en", "gender": ""})
    user.refresh_from_db()
    assert user.gender == ""
    bad = client.post("/me/", {"display_name": "Ann", "preferred_language": "en", "gender": "x"})
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.gender == ""


def test_gender_is_in_the_download_and_erased(city: CityFixture) -> None:
    user = city.people["signed_in"]
    user.gender = "undisclosed"
    user.save()
    assert personal_data_export(user=user)["gender"] == {
        "gender": "undisclosed",
        "label": "Prefer not to say",
    }
    personal_data.erasers()["gender"](user)
    user.refresh_from_db()
    assert user.gender == ""
