"""The ballot in a real browser: no WCAG violations, and completed by keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from budgeting.models import Ballot, BallotChoice
from tests.browser import axe_violations, screenshot
from tests.budgeting.factories import build_round
from tests.factories import PASSWORD, CityFixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base + "/")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_round_and_ballot_pages_have_no_violations(
    live_server: Any, page: Any, city: CityFixture, language: str
) -> None:
    pb = build_round(city)
    _sign_in(page, live_server.url, city.people["resident"].email)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in (
        f"/budgeting/{pb.round.slug}/",
        f"/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/",
        f"/budgeting/{pb.round.slug}/vote/{pb.north_budget.pk}/",
        f"/budgeting/{pb.round.slug}/items/{pb.city_items[0].pk}/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, f"item-{language}")


def test_keyboard_only_ballot_with_running_total(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    pb = build_round(city)
    _sign_in(page, live_server.url, city.people["resident"].email)
    page.goto(f"{live_server.url}/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/")
    bikes, library = pb.city_items[1], pb.city_items[2]
    for item in (bikes, library):
        checkbox = page.locator(f"#item-{item.pk}")
        for _step in range(40):  # tab until the checkbox has the focus
            if checkbox.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    expect(page.locator("#ballot-total")).to_contain_text("500,000")
    cast = page.get_by_role("button", name="Cast my ballot")
    for _step in range(40):
        if cast.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your ballot is cast")).to_be_visible()
    screenshot(page, "ballot-cast")
    assert Ballot.objects.count() == 1
    assert sorted(BallotChoice.objects.values_list("item_id", flat=True)) == sorted(
        [bikes.pk, library.pk]
    )


def test_ballot_without_javascript_shows_the_total_and_errors(
    browser: Any, live_server: Any, city: CityFixture
) -> None:
    pb = build_round(city)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_server.url, city.people["resident"].email)
    page.goto(f"{live_server.url}/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/")
    for item in pb.city_items[:3]:  # 1.1 million: over the budget
        page.locator(f"#item-{item.pk}").check()
    page.get_by_role("button", name="Check my total").click()
    expect(page.locator("#ballot-total")).to_contain_text("1,100,000")
    expect(page.get_by_role("alert")).to_contain_text("more than the budget")
    assert Ballot.objects.count() == 0
    context.close()
