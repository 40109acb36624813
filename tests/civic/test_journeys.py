"""End-to-end journeys in a real browser (Debian's Chromium through Playwright).

- A resident signs up, confirms the email address, is verified in person by an official at
  the desk, responds to a consultation, votes in a dialogue, casts a ballot, changes it and
  checks the receipt (the first code no longer counts, the last one does).
- An official creates a consultation, writes its question, opens it, closes it after a
  response, and publishes the official answer ("you said, we did").
- A resident reports a dialogue statement; a moderator hides it with a public reason, which
  the public moderation log shows.

Screenshots of the key pages go to test-artifacts/ (kept by CI).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from budgeting.models import Ballot, BallotChoice
from budgeting.services.ballots import receipt_hash
from civic.accounts.models import User, Verification
from civic.notifications.models import Event
from participation.models import (
    Consultation,
    ConsultationResponse,
    ContentReport,
    ContentStatus,
    Statement,
    StatementVote,
)
from participation.services.consultation_responses import response_submit
from tests.browser import screenshot
from tests.budgeting.factories import build_round
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.test_opinion_map import two_blocs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEIPT = re.compile(r"receipt code is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")


@pytest.fixture
def contexts(browser: Any) -> Iterator[list[Any]]:
    """Extra browser contexts (one per person), closed after the test."""
    opened: list[Any] = []
    yield opened
    for context in opened:
        context.close()


def signed_in_page(browser: Any, contexts: list[Any], base: str, user: User) -> Any:
    """A page in its own browser context, signed in as ``user`` (staff already hold MFA;
    signing in through the form is tested in tests/civic/test_browser.py)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base}]
    )
    contexts.append(context)
    return context.new_page()


def test_resident_signs_up_is_verified_responds_votes_and_checks_the_receipt(
    live_server: Any, page: Any, browser: Any, contexts: list[Any], city: CityFixture
) -> None:
    base = live_server.url
    consultation = make_consultation(city, title="Riverside park")
    dialogue = two_blocs(city, people=4)
    pb = build_round(city)
    email = "journey.resident@example.org"

    # Sign up and confirm the address from the email.
    page.goto(base + "/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill("a journey password 31")
    page.locator("#id_password2").fill("a journey password 31")
    page.get_by_label("Display name").fill("Journey Resident")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    page.goto(base + "/me/verification/")
    screenshot(page, "journey-01-not-yet-verified")
    assert not Verification.objects.filter(user__email=email).exists()

    # The resident shows a document at the desk: an official verifies them in person.
    desk = signed_in_page(browser, contexts, base, city.people["official"])
    desk.goto(base + f"/org/{city.organisation.slug}/verify/")
    desk.get_by_label("Resident's email address").fill(email)
    desk.get_by_label("Area of residence").select_option(label=city.areas["north-1"].name)
    desk.get_by_label("Year of birth").fill("1990")
    desk.get_by_label("Document checked").fill("Identity card")
    desk.get_by_role("button", name="Verify").click()
    expect(desk.get_by_text("The resident is verified.")).to_be_visible()
    screenshot(desk, "journey-02-official-verifies-in-person")
    verification = Verification.objects.get(user__email=email)
    assert verification.area == city.areas["north-1"]
    assert verification.verified_by == city.people["official"]
    page.reload()
    expect(page.get_by_text("You are verified").first).to_be_visible()

    # A consultation: respond.
    page.goto(base + f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="Respond").click()
    page.wait_for_url(re.compile(r".*/respond/$"))
    page.get_by_label("Maybe").check()
    screenshot(page, "journey-03-consultation-response")
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text("Thank you: your response is recorded.")).to_be_visible()
    question = consultation.questions.get()
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.answers == {question.field_name: "o3"}

    # A dialogue: vote on the statement shown.
    page.goto(base + f"/dialogues/{dialogue.pk}/")
    shown = page.locator("#next-statement-text").inner_text()
    page.locator(".next-statement").get_by_role("button", name="Agree", exact=True).click()
    page.wait_for_url(re.compile(r".*#vote$"))
    vote = StatementVote.objects.get(participant__user__email=email)
    assert (vote.statement.text, vote.value) == (shown, 1)
    screenshot(page, "journey-04-dialogue-after-vote")

    # The participatory budget: cast a ballot, then change it.
    ballot_url = f"{base}/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/"
    park, bikes, library, trees = pb.city_items
    page.goto(ballot_url)
    page.locator(f"#item-{bikes.pk}").check()
    page.locator(f"#item-{library.pk}").check()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_text("Your ballot is cast")).to_be_visible()
    first = RECEIPT.search(page.content())
    assert first is not None
    screenshot(page, "journey-05-ballot-cast")

    page.goto(ballot_url)
    expect(page.locator(f"#item-{bikes.pk}")).to_be_checked()  # the ballot as it stands
    page.locator(f"#item-{library.pk}").uncheck()
    page.locator(f"#item-{trees.pk}").check()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.get_by_text("Your ballot is cast")).to_be_visible()
    second = RECEIPT.search(page.content())
    assert second is not None and second.group(1) != first.group(1)
    screenshot(page, "journey-06-ballot-changed")
    ballot = Ballot.objects.get(budget=pb.city_budget)
    assert ballot.receipt_hash == receipt_hash(second.group(1))
    assert sorted(BallotChoice.objects.filter(ballot=ballot).values_list("item_id", flat=True)) == (
        sorted([bikes.pk, trees.pk])
    )
    assert park.pk not in BallotChoice.objects.values_list("item_id", flat=True)

    # The receipt: the replaced ballot's code is gone, the last one is stored.
    page.goto(base + "/budgeting/results/receipt/")
    page.get_by_label(re.compile("receipt code", re.IGNORECASE)).fill(first.group(1))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("No ballot has this receipt code.")).to_be_visible()
    page.get_by_label(re.compile("receipt code", re.IGNORECASE)).fill(second.group(1))
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text(f"Your ballot in {pb.city_budget.name} is stored.")).to_be_visible()
    screenshot(page, "journey-07-receipt-checked")


def test_official_opens_a_consultation_and_publishes_the_answer(
    live_server: Any, browser: Any, contexts: list[Any], city: CityFixture
) -> None:
    base = live_server.url
    page = signed_in_page(browser, contexts, base, city.people["official"])

    page.goto(base + f"/consultations/new/{city.organisation.slug}/")
    page.get_by_label("Title").fill("Library opening hours")
    page.get_by_label("Summary").fill("Should the library open on Sundays?")
    page.get_by_label("Body").fill("The library is closed on Sundays. We would like to know.")
    closes = timezone.localtime() + timedelta(days=14)
    page.locator("#id_closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The consultation is created as a draft.")).to_be_visible()
    consultation = Consultation.objects.get(title="Library opening hours")

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Kind").select_option("single")
    page.locator("#id_text").fill("Open the library on Sundays?")
    page.get_by_label("An answer is required").check()
    page.get_by_label("Options (one per line)").fill("Yes\nNo")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The question is saved.")).to_be_visible()
    screenshot(page, "journey-10-consultation-manage-draft")

    page.get_by_role("button", name="Open now").click()
    expect(page.get_by_text("The consultation is now: Open.")).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.status == "open"
    assert Event.objects.filter(kind="consultation.opened", subject_id=consultation.pk).exists()

    # A resident responds (their side of the page is the resident journey's).
    question = consultation.questions.get()
    response_submit(
        user=city.people["resident"],
        consultation=consultation,
        answers={question.field_name: "o1"},
    )

    page.get_by_role("button", name="Close now").click()
    expect(page.get_by_text("The consultation is now: Closed.")).to_be_visible()
    page.get_by_role("link", name="Official answer").click()
    page.get_by_label("Response document").fill(
        "Most residents asked for Sunday opening; from next month the library opens on Sundays."
    )
    page.get_by_role("button", name="Save the document").click()
    expect(page.get_by_text("The response document is saved.")).to_be_visible()
    page.get_by_label("You said").fill("Open the library on Sundays.")
    page.get_by_label("We did").fill("The library opens on Sundays from 10 to 16.")
    page.get_by_label("Outcome").select_option(index=0)
    page.get_by_label("Reason").fill("Most responses asked for it.")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("The entry is added.")).to_be_visible()
    screenshot(page, "journey-11-official-answer-draft")
    page.get_by_role("button", name="Publish the official answer").click()
    expect(page.get_by_text("The official answer is published.")).to_be_visible()
    expect(page.get_by_text("The library opens on Sundays from 10 to 16.").first).to_be_visible()
    screenshot(page, "journey-12-official-answer-published")
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert Event.objects.filter(kind="consultation.answered", subject_id=consultation.pk).exists()

    # Anyone sees the published answer.
    anonymous = browser.new_context(viewport={"width": 390, "height": 844})
    contexts.append(anonymous)
    public = anonymous.new_page()
    public.goto(base + f"/consultations/{consultation.pk}/")
    expect(public.get_by_text("The library opens on Sundays from 10 to 16.").first).to_be_visible()


def test_moderator_handles_a_report(
    live_server: Any, browser: Any, contexts: list[Any], city: CityFixture
) -> None:
    base = live_server.url
    dialogue = two_blocs(city, people=4)
    statement = Statement.objects.filter(dialogue=dialogue).order_by("pk").first()
    assert statement is not None

    resident = signed_in_page(browser, contexts, base, city.people["resident"])
    resident.goto(base + f"/dialogues/{dialogue.pk}/statements/{statement.pk}/")
    resident.get_by_text("Report this statement").click()
    resident.get_by_label("Why are you reporting this?").select_option("off_topic")
    resident.get_by_label("Anything to add (optional)").fill("This is off topic.")
    resident.get_by_role("button", name="Send report").click()
    expect(resident.get_by_text("Thank you: a moderator will look at your report.")).to_be_visible()
    assert ContentReport.objects.filter(statement=statement).count() == 1

    moderator = signed_in_page(browser, contexts, base, city.people["moderator"])
    moderator.goto(base + f"/dialogues/{dialogue.pk}/moderation/")
    card = moderator.locator(".card", has_text=statement.text)
    expect(card).to_contain_text("This is off topic.")
    screenshot(moderator, "journey-20-moderation-queue")
    card.get_by_label("Public reason").fill("Off topic for this dialogue.")
    card.get_by_role("button", name="Hide").click()
    moderator.wait_for_load_state()
    statement.refresh_from_db()
    assert statement.status == ContentStatus.HIDDEN
    expect(moderator.locator(".card", has_text=statement.text)).to_have_count(0)

    moderator.goto(base + f"/dialogues/{dialogue.pk}/moderation/log/")
    expect(moderator.get_by_text("Off topic for this dialogue.").first).to_be_visible()
    screenshot(moderator, "journey-21-moderation-log")
    resident.goto(base + f"/dialogues/{dialogue.pk}/")
    assert statement.text not in resident.locator("main").inner_text()
