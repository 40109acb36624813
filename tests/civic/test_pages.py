"""Pages render for everyone, in every language, right-to-left for Arabic."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CityFixture

PUBLIC = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/org/town/"]


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("zh-hans", "ltr"), ("ar", "rtl")]
)
def test_public_pages_render_in_each_language(
    city: CityFixture, path: str, language: str, direction: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert 'href="#main"' in html  # skip link
    assert "<script" not in html  # works without JavaScript


def test_chinese_and_arabic_pages_are_translated(city: CityFixture) -> None:
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    assert "Take part in your city" in english
    for language in ("zh-hans", "ar"):
        html = Client(HTTP_ACCEPT_LANGUAGE=language).get("/").content.decode()
        assert "Take part in your city" not in html


def test_language_switcher_works_without_javascript(city: CityFixture) -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert 'dir="rtl"' in client.get("/").content.decode()


def test_signed_in_person_gets_their_preferred_language(city: CityFixture) -> None:
    resident = city.people["resident"]
    resident.preferred_language = "zh-hans"
    resident.save()
    client = Client()
    client.force_login(resident)
    assert 'lang="zh-hans"' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/me/", "/me/verification/", "/me/delete/"])
def test_account_pages(city: CityFixture, path: str) -> None:
    client = Client()
    assert client.get(path).status_code == 302
    client.force_login(city.people["resident"])
    assert client.get(path).status_code == 200


def test_official_pages(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official"])
    for path in ("/org/town/census/", "/org/town/verify/"):
        assert client.get(path).status_code == 200


def test_security_headers(city: CityFixture) -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_lists_every_model_for_a_superuser(city: CityFixture) -> None:
    from django.contrib import admin

    client = Client()
    client.force_login(city.people["superuser"])
    for model in admin.site._registry:
        meta = model._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert client.get(url).status_code == 200, url
