"""In a real browser: no WCAG 2.2 AA violations on the response form and the results,
and a response given with the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from civic.accounts.services.verification import verification_in_person
from participation.models import ConsultationResponse
from participation.services.consultation_responses import response_submit
from participation.services.consultations import consultation_close, consultation_open
from tests.browser import axe_violations, screenshot
from tests.factories import PASSWORD, CityFixture, make_user
from tests.participation.consultations.helpers import every_kind, make_consultation

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


def _open_with_every_kind(city: CityFixture) -> Any:
    consultation = make_consultation(city, questions=False, open_now=False, title="Riverside park")
    questions = every_kind(consultation, city.people["official"])
    return consultation_open(actor=city.people["official"], consultation=consultation), questions


@pytest.mark.django_db(transaction=True)
def test_response_form_and_detail_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    consultation, _q = _open_with_every_kind(city)
    _sign_in(page, live_server.url, city.people["resident"].email)
    for path in (
        f"/consultations/{consultation.pk}/",
        f"/consultations/{consultation.pk}/respond/",
        "/consultations/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    # With errors shown next to the fields.
    page.goto(live_server.url + f"/consultations/{consultation.pk}/respond/")
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "consultation-response-errors")


@pytest.mark.django_db(transaction=True)
def test_results_page_has_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    consultation, q = _open_with_every_kind(city)
    for index in range(7):
        person = make_user()
        verification_in_person(
            actor=city.people["official"], user=person, organisation=city.organisation,
            area=city.areas["north-1" if index < 6 else "south"], birth_year=1980 + index,
        )  # fmt: skip
        response_submit(
            user=person,
            consultation=consultation,
            answers={
                q["single"].field_name: "o1",
                q["ranking"].field_name: ["o1", "o2", "o3"],
                q["rating"].field_name: 1 + index % 5,
                q["number"].field_name: 10 + index,
                q["long_text"].field_name: f"Idea {index}",
                q["matrix"].field_name: {"lights": "o1", "dogs": "o2"},
                q["budget"].field_name: {"o1": 50, "o2": 50},
            },
        )
    consultation_close(actor=city.people["official"], consultation=consultation)
    page.goto(live_server.url + f"/consultations/{consultation.pk}/results/")
    expect(page.get_by_role("heading", name="Results", exact=True)).to_be_visible()
    for summary in page.locator("summary").all():
        summary.click()  # open the breakdowns so axe checks them too
    assert axe_violations(page) == []
    screenshot(page, "consultation-results")


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_response(live_server: Any, page: Any, city: CityFixture) -> None:
    consultation = make_consultation(city, title="Keyboard park")
    _sign_in(page, live_server.url, city.people["resident"].email)
    page.goto(live_server.url + f"/consultations/{consultation.pk}/")
    respond = page.get_by_role("link", name="Respond")
    for _step in range(40):
        page.keyboard.press("Tab")
        if respond.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/respond/$"))
    first_choice = page.get_by_label("Yes")
    for _step in range(40):
        page.keyboard.press("Tab")
        if first_choice.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("ArrowDown")  # radio group: move to "No" and select it
    expect(page.get_by_label("No")).to_be_checked()
    send = page.get_by_role("button", name="Send my response")
    for _step in range(10):
        page.keyboard.press("Tab")
        if send.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/consultations/{consultation.pk}/$"))
    expect(page.get_by_text("Thank you: your response is recorded.")).to_be_visible()
    assert ConsultationResponse.objects.get(consultation=consultation).answers == {
        consultation.questions.get().field_name: "o2"
    }
