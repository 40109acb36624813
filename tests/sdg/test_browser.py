"""In a real browser: the SDG pages and the officials' local targets page pass axe
(WCAG 2.2 AA), in English and in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civic.sdg.services import local_target_create
from tests.browser import axe_violations, screenshot
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser


def _sign_in_as(page: Any, base: str, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_sdg_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture, language: str
) -> None:
    make_consultation(city, title="Parks for all", sdg_goals=[11])
    local_target_create(
        actor=city.people["official"],
        organisation=city.organisation,
        goal=11,
        code="11.7-T1",
        title="A park within 300 m of every home",
        global_target="11.7",
        indicator="Share of homes",
        target_year=2030,
    )
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in ("/sdg/", "/sdg/11/", "/sdg/3/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, f"sdg-goal-{language}")
    _sign_in_as(page, live_server.url, city.people["official"])
    page.goto(live_server.url + f"/sdg/org/{city.organisation.slug}/targets/")
    assert axe_violations(page) == []
    # An invalid target shows its error next to the field, still without violations.
    page.locator("select[name=goal]").select_option("11")
    page.locator("input[name=code]").fill("X1")
    page.locator("input[name=title]").fill("Something")
    page.locator("input[name=global_target]").fill("3.1")
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_selector(".form-errors")
    assert axe_violations(page) == []
    screenshot(page, f"sdg-local-targets-{language}")
