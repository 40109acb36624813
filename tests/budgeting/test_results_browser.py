"""In a real browser: results and implementation pages pass axe (WCAG 2.2 AA) and work by
keyboard on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest

from budgeting.models import Project
from budgeting.services.implementation import project_update
from budgeting.services.results import result_compute, result_publish
from tests.browser import axe_violations, screenshot
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_results_and_implementation_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture, language: str
) -> None:
    round_ = closed_round(city.organisation, rule="mes-cost")
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c = make_items(budget, [100, 200, 150], latitude="52.1", longitude="4.3")
    for ballot in ([a, b], [b, c], [a], [c, b], [b]):
        cast(budget, ballot, code=None)
    code = cast(budget, [a, c], code="WXYZ-2345-6789")
    result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    project = Project.objects.first()
    assert project is not None
    project_update(actor=None, project=project, status="in_progress", progress=40, note="Begun")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in (
        f"/budgeting/results/{budget.pk}/",
        f"/budgeting/results/{budget.pk}/ballots/",
        f"/budgeting/results/round/{round_.slug}/",
        "/budgeting/implementation/all/",
        f"/budgeting/implementation/{project.pk}/",
        "/budgeting/results/receipt/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, f"receipt-{language}")
    # The receipt check by keyboard only.
    field = page.locator("input[name=code]")
    field.focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("#check-heading")
    assert axe_violations(page) == []
    page.goto(live_server.url + f"/budgeting/results/{budget.pk}/")
    screenshot(page, f"results-{language}")
