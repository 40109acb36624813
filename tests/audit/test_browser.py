"""In a real browser: the public log and the officials' full log pass axe (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from participation.services.consultations import consultation_close, consultation_update
from tests.browser import axe_violations, screenshot
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_logs_have_no_wcag_violations(live_server: Any, page: Any, city: CityFixture) -> None:
    official = city.people["official"]
    consultation = make_consultation(city)
    consultation_update(actor=official, consultation=consultation, title="Park, revised")
    consultation_close(actor=official, consultation=consultation)
    for path in (f"/audit/consultation/{consultation.pk}/", f"/consultations/{consultation.pk}/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "audit-public-log")
    client = Client()
    client.force_login(official)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    for path in (
        f"/audit/consultation/{consultation.pk}/",
        f"/audit/org/{city.organisation.slug}/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "audit-organisation-log")
