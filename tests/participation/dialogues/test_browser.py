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
