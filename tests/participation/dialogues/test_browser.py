"""In a real browser: the dialogue page with its opinion map has no WCAG 2.2 AA violations,
and a participant votes with the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from participation.models import StatementVote
from participation.services.opinion_snapshots import snapshot_compute
from tests.browser import axe_violations, screenshot
from tests.factories import PASSWORD, CityFixture
from tests.participation.dialogues.test_opinion_map import two_blocs

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r".*/$"))


@pytest.mark.django_db(transaction=True)
def test_dialogue_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    dialogue = two_blocs(city)
    snapshot_compute(dialogue_id=dialogue.pk)
    statement = dialogue.statements.first()
    assert statement is not None
    _sign_in(page, live_server.url, city.people["resident"].email)
    for path in (
        f"/dialogues/{dialogue.pk}/",
        f"/dialogues/{dialogue.pk}/statements/{statement.pk}/",
        f"/dialogues/{dialogue.pk}/moderation/log/",
        "/dialogues/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    screenshot(page, "dialogue-list")


@pytest.mark.django_db(transaction=True)
def test_vote_with_the_keyboard(live_server: Any, page: Any, city: CityFixture) -> None:
    dialogue = two_blocs(city, people=4)
    _sign_in(page, live_server.url, city.people["resident"].email)
    page.goto(live_server.url + f"/dialogues/{dialogue.pk}/")
    text = page.locator("#next-statement-text").inner_text()
    # Tab until the first "Agree" button of the next statement has focus, then press Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.textContent.trim(), "
            "!!document.activeElement.closest('.next-statement')]"
        )
        if focused == ["Agree", True]:
            break
    else:
        pytest.fail("the Agree button was never reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#vote$"))
    vote = StatementVote.objects.get(participant__user=city.people["resident"])
    assert vote.statement.text == text and vote.value == 1
    assert page.locator("#next-statement-text").inner_text() != text
    assert axe_violations(page) == []
    screenshot(page, "dialogue-after-keyboard-vote")


def _sign_in_as(page: Any, base: str, user: Any) -> None:
    """A session made by Django's test client (staff accounts need a second factor; the
    sign-in form with TOTP is tested elsewhere)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _room(city: CityFixture) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from participation.services.meetings import (
        amendment_add,
        hand_count_record,
        minutes_open_amendments,
        minutes_save,
        registration_add,
        room_statement_record,
        session_open,
    )
    from tests.participation.dialogues.test_meetings import make_meeting

    dialogue = two_blocs(city, people=4)
    official = city.people["official"]
    meeting = make_meeting(city, dialogue=dialogue, capacity=None)
    registration_add(user=city.people["resident"], meeting=meeting)
    session_open(actor=official, meeting=meeting)
    room_statement_record(actor=official, meeting=meeting, text="A fountain for hot days")
    statement = dialogue.statements.first()
    assert statement is not None
    hand_count_record(
        actor=official, meeting=meeting, statement=statement, agree=8, disagree=3, passed=1
    )
    minutes_save(actor=official, meeting=meeting, text="We met in the library.", attendance=14)
    minutes_open_amendments(
        actor=official, meeting=meeting, until=timezone.now() + timedelta(days=5)
    )
    amendment_add(user=city.people["resident"], meeting=meeting, body="Add the fountain.")
    return dialogue, meeting


@pytest.mark.django_db(transaction=True)
def test_organiser_and_facilitator_pages_have_no_wcag_violations(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    dialogue, meeting = _room(city)
    base = live_server.url
    _sign_in_as(page, base, city.people["official"])
    slug = city.organisation.slug
    for path in (
        f"/dialogues/new/{slug}/",
        f"/dialogues/{dialogue.pk}/edit/",
        f"/meetings/new/{slug}/?dialogue={dialogue.pk}",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}/cancel/",
        f"/meetings/{meeting.pk}/facilitate/",
        f"/meetings/{meeting.pk}/",
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], path
    screenshot(page, "meeting-facilitate")
    # A form sent with mistakes: the errors sit next to the fields, still axe-clean.
    page.goto(base + f"/dialogues/new/{slug}/")
    page.get_by_label("Question").fill("Where should the market go?")
    page.get_by_label("Statement length limit (characters)").fill("5")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".form-errors").count() == 1
    limit = page.get_by_label("Statement length limit (characters)")
    assert limit.get_attribute("aria-invalid") == "true"
    assert "between 20 and 1000" in page.locator("#id_statement_max_length_error").inner_text()
    assert axe_violations(page) == [], "dialogue form with errors"
    screenshot(page, "dialogue-form-errors")
    # The resident registered for the meeting sees the amendment form.
    page.context.clear_cookies()
    _sign_in(page, base, city.people["resident"].email)
    page.goto(base + f"/meetings/{meeting.pk}/")
    assert page.get_by_label("Your proposed amendment").count() == 1
    assert axe_violations(page) == [], "meeting page with the amendment form"


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_records_a_hand_count_with_the_keyboard(
    live_server: Any, page: Any, city: CityFixture
) -> None:
    from participation.models import MeetingHandCount

    dialogue, meeting = _room(city)
    statement = dialogue.statements.order_by("id")[1]
    _sign_in_as(page, live_server.url, city.people["moderator"])
    page.goto(live_server.url + f"/meetings/{meeting.pk}/")
    # From the meeting page, follow "Run the meeting" with the keyboard.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Run the meeting":
            break
    else:
        pytest.fail("the 'Run the meeting' link was never reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/facilitate/$"))
    # Tab to the statement choice of the hand count form, choose, type the counts.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_statement":
            break
    else:
        pytest.fail("the hand count form was never reached with Tab")
    page.select_option("#id_statement", str(statement.pk))  # a native select: arrow keys
    for value in ("7", "4", "2"):
        page.keyboard.press("Tab")
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Record the count"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#hands$"))
    count = MeetingHandCount.objects.get(meeting=meeting, statement=statement)
    assert (count.agree, count.disagree, count.passed) == (7, 4, 2)
    assert page.get_by_role("table", name="Hand counts recorded in this meeting").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "facilitator-after-keyboard-hand-count")
