"""Statistics pages and the report in a real browser: no WCAG violations, on a phone too."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.browser import axe_violations, screenshot
from tests.factories import CityFixture
from tests.statistics.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_pages_have_no_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    cache.clear()
    world = build_world(city)
    paths = [
        "/statistics/",
        "/statistics/town/",
        f"/statistics/town/consultation/{world.consultation.pk}/",
        f"/statistics/town/round/{world.pb.round.pk}/",
        f"/statistics/town/areas/{city.areas['north'].pk}/",
        "/statistics/town/report/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "statistics-report")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/statistics/town/")
    assert axe_violations(page) == []
    screenshot(page, "statistics-organisation-phone")
