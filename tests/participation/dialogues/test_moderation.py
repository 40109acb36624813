"""Moderation flows: reports, auto-hide pending review, hide/restore with a public reason,
approval, blocking, promotion of replies, the public log, duplicates."""

from __future__ import annotations

import pytest

from civic.errors import Conflict, DomainError
from participation.models import ContentStatus, ModerationAction, ModerationMode, Statement
from participation.selectors.dialogues import moderation_queue
from participation.services.dialogues import reply_add, statement_add
from participation.services.moderation import (
    content_hide,
    content_restore,
    near_duplicates,
    reply_promote,
    report_add,
    reports_dismiss,
)
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed, voters

pytestmark = pytest.mark.django_db


def test_reports_auto_hide_at_threshold_then_review(city: CityFixture) -> None:
    dialogue = make_dialogue(city, auto_hide_reports=2)
    statement = statement_add(user=city.people["resident"], dialogue=dialogue, text="Rude words")
    first, second = voters(2)
    report_add(user=first, target=statement, reason="offensive")
    statement.refresh_from_db()
    assert statement.status == ContentStatus.PUBLISHED
    with pytest.raises(Conflict):
        report_add(user=first, target=statement, reason="spam")
    report_add(user=second, target=statement, reason="offensive")
    statement.refresh_from_db()
    assert statement.status == ContentStatus.REPORTED
    assert statement in moderation_queue(dialogue=dialogue)["statements"]
    content_hide(actor=city.people["moderator"], target=statement, public_reason="Insults")
    statement.refresh_from_db()
    assert statement.status == ContentStatus.HIDDEN
    assert statement not in moderation_queue(dialogue=dialogue)["statements"]
    log = list(ModerationAction.objects.filter(dialogue=dialogue).values_list("action", flat=True))
    assert log == ["hide", "auto_hide"]


def test_dismissing_reports_publishes_again(city: CityFixture) -> None:
    dialogue = make_dialogue(city, auto_hide_reports=1)
    (statement,) = seed(city, dialogue, "Fine statement")
    report_add(user=city.people["resident"], target=statement, reason="spam")
    statement.refresh_from_db()
    assert statement.status == ContentStatus.REPORTED
    reports_dismiss(actor=city.people["moderator"], target=statement)
    statement.refresh_from_db()
    assert statement.status == ContentStatus.PUBLISHED


def test_hide_needs_a_public_reason_and_restore(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "Statement")
    with pytest.raises(DomainError):
        content_hide(actor=city.people["moderator"], target=statement, public_reason=" ")
    content_hide(actor=city.people["moderator"], target=statement, public_reason="Off topic")
    content_restore(actor=city.people["moderator"], target=statement, public_reason="Appeal")
    statement.refresh_from_db()
    assert statement.status == ContentStatus.PUBLISHED


def test_premoderated_statement_is_approved(city: CityFixture) -> None:
    dialogue = make_dialogue(city, moderation_mode=ModerationMode.PRE)
    statement = statement_add(user=city.people["resident"], dialogue=dialogue, text="New idea")
    assert statement in moderation_queue(dialogue=dialogue)["statements"]
    content_restore(actor=city.people["moderator"], target=statement)
    statement.refresh_from_db()
    assert statement.status == ContentStatus.PUBLISHED
    assert ModerationAction.objects.get(statement=statement).action == "approve"


def test_cannot_report_own_statement(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    statement = statement_add(user=city.people["resident"], dialogue=dialogue, text="Mine")
    with pytest.raises(DomainError):
        report_add(user=city.people["resident"], target=statement, reason="spam")


def test_promote_reply_to_statement(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "Statement")
    reply = reply_add(
        user=city.people["resident"], statement=statement, body="A new point", stance="neutral"
    )
    promoted = reply_promote(actor=city.people["moderator"], reply=reply)
    assert promoted.promoted_from == reply and promoted.origin == "reply"
    with pytest.raises(Conflict):
        reply_promote(actor=city.people["moderator"], reply=reply)


@pytest.mark.parametrize(
    ("person", "allowed"),
    [("moderator", True), ("official", True), ("resident", False), ("official_other", False),
     ("official_no_mfa", False)],
)  # fmt: skip
def test_who_may_moderate(city: CityFixture, person: str, allowed: bool) -> None:
    dialogue = make_dialogue(city)
    assert city.people[person].has_perm("participation.moderate_dialogue", dialogue) is allowed


def test_near_duplicates() -> None:
    pairs = near_duplicates(
        texts=[(1, "Plant more trees in the park"), (2, "Plant more trees in the park!"),
               (3, "Close the road to cars")]
    )  # fmt: skip
    assert [(a, b) for a, b, _s in pairs] == [(1, 2)]


def test_reply_moderation(city: CityFixture) -> None:
    dialogue = make_dialogue(city, auto_hide_reports=1)
    (statement,) = seed(city, dialogue, "Statement")
    reply = reply_add(user=city.people["resident"], statement=statement, body="x", stance="for")
    report_add(user=city.people["signed_in"], target=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.status == ContentStatus.REPORTED
    assert reply in moderation_queue(dialogue=dialogue)["replies"]
    assert Statement.objects.get(pk=statement.pk).status == ContentStatus.PUBLISHED
