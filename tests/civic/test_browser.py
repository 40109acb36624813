"""In a real browser: accessibility of the public pages, keyboard use, the resident's sign-up."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from civic.accounts.models import Verification
from tests.browser import axe_violations, screenshot
from tests.factories import PASSWORD, CityFixture

pytestmark = pytest.mark.browser

PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/org/town/"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans", "ar"])
def test_public_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture, language: str
) -> None:
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page)
        assert violations == [], (path, language, violations)
    screenshot(page, f"home-{language}")


@pytest.mark.django_db(transaction=True)
def test_signed_in_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    _sign_in(page, live_server.url, city.people["resident"].email)
    for path in ("/me/", "/me/verification/", "/me/delete/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "my-account")


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_sign_in(live_server: Any, page: Any, city: CityFixture) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    email_field = page.get_by_label("Email")
    for _step in range(20):  # tab until the email field has the focus
        page.keyboard.press("Tab")
        if email_field.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.type(city.people["resident"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("link", name="My account")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_resident_signs_up_confirms_and_verifies(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    import io

    from civic.places.services.census import census_import

    census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nWEB-1,1988,south\n"),
        filename="c.csv",
    )
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("browser.resident@example.org")
    page.locator("#id_password1").fill("a browser password 77")
    page.locator("#id_password2").fill("a browser password 77")
    page.get_by_label("Display name").fill("Browser Resident")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", str(mail.outbox[0].body))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    page.goto(live_server.url + "/me/verification/")
    page.get_by_label("City").select_option(label="Town")
    page.get_by_label("Identifier on your residence document").fill("WEB-1")
    page.get_by_label("Year of birth").fill("1988")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("You are verified").first).to_be_visible()
    assert Verification.objects.get(user__email="browser.resident@example.org").area.code == "south"
    screenshot(page, "verified")
