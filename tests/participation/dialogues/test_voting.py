"""Voting rules and permissions: who may vote, when, one vote per person, latest counts,
next statement in routing-priority order, statements and replies."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from civic.errors import Conflict, DomainError, PermissionDenied
from participation.models import (
    ContentStatus,
    DialoguePhase,
    IdentityMode,
    ModerationMode,
    OpinionMapSnapshot,
    StatementVote,
)
from participation.selectors.dialogues import next_statement, participant_of
from participation.services.dialogues import (
    reply_add,
    statement_add,
    statements_import,
    vote_cast,
)
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("person", "mode", "allowed"),
    [
        ("signed_in", IdentityMode.PSEUDONYMOUS, True),
        ("resident", IdentityMode.PSEUDONYMOUS, True),
        ("unverified", IdentityMode.PSEUDONYMOUS, False),
        ("signed_in", IdentityMode.VERIFIED, False),
        ("resident", IdentityMode.VERIFIED, True),
    ],
)
def test_who_may_vote(city: CityFixture, person: str, mode: str, allowed: bool) -> None:
    dialogue = make_dialogue(city, identity_mode=mode)
    (statement,) = seed(city, dialogue, "More trees")
    user = city.people[person]
    assert user.has_perm("participation.take_part_dialogue", dialogue) is allowed
    if allowed:
        vote_cast(user=user, statement=statement, value=1)
        assert StatementVote.objects.filter(statement=statement).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            vote_cast(user=user, statement=statement, value=1)


@pytest.mark.parametrize(
    "phase", [DialoguePhase.DRAFT, DialoguePhase.SEED, DialoguePhase.RESPOND, DialoguePhase.CLOSED]
)
def test_voting_only_while_open(city: CityFixture, phase: str) -> None:
    dialogue = make_dialogue(city, phase=phase)
    (statement,) = seed(city, dialogue, "More trees") if phase != "closed" else (None,)
    if statement is None:
        return
    with pytest.raises(Conflict):
        vote_cast(user=city.people["resident"], statement=statement, value=1)


def test_one_vote_per_person_latest_counts(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "More trees")
    user = city.people["resident"]
    vote_cast(user=user, statement=statement, value=1)
    vote_cast(user=user, statement=statement, value=-1, important=True)
    votes = StatementVote.objects.filter(statement=statement)
    assert votes.count() == 1
    assert votes.get().value == -1 and votes.get().important
    participant = participant_of(dialogue=dialogue, user=user)
    assert participant is not None
    with pytest.raises(IntegrityError):
        StatementVote.objects.create(statement=statement, participant=participant, value=0)


def test_invalid_vote_value(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "More trees")
    with pytest.raises(DomainError):
        vote_cast(user=city.people["resident"], statement=statement, value=2)


def test_hidden_statements_cannot_be_voted(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "More trees")
    statement.status = ContentStatus.HIDDEN
    statement.save()
    with pytest.raises(Conflict):
        vote_cast(user=city.people["resident"], statement=statement, value=1)


def test_blocked_participant_cannot_vote(city: CityFixture) -> None:
    from participation.services.moderation import participant_block

    dialogue = make_dialogue(city)
    first, second = seed(city, dialogue, "More trees", "Fewer cars")
    user = city.people["resident"]
    vote_cast(user=user, statement=first, value=1)
    participant = participant_of(dialogue=dialogue, user=user)
    assert participant is not None
    participant_block(actor=city.people["moderator"], participant=participant, public_reason="Spam")
    assert not user.has_perm("participation.take_part_dialogue", dialogue)
    with pytest.raises(PermissionDenied):
        vote_cast(user=user, statement=second, value=1)


def test_next_statement_follows_routing_priority(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    low, high, new = seed(city, dialogue, "Low", "High", "New")
    OpinionMapSnapshot.objects.create(
        dialogue=dialogue,
        data={
            "statements": [
                {"statement_id": low.pk, "priority": 0.5},
                {"statement_id": high.pk, "priority": 90.0},
                {"statement_id": new.pk, "priority": 3.0},
            ]
        },
    )
    user = city.people["resident"]
    assert next_statement(dialogue=dialogue, participant=None) == high
    vote_cast(user=user, statement=high, value=1)
    participant = participant_of(dialogue=dialogue, user=user)
    assert next_statement(dialogue=dialogue, participant=participant) == new
    vote_cast(user=user, statement=new, value=0)
    assert next_statement(dialogue=dialogue, participant=participant) == low
    vote_cast(user=user, statement=low, value=-1)
    assert next_statement(dialogue=dialogue, participant=participant) is None


def test_statement_length_limit_and_premoderation(city: CityFixture) -> None:
    dialogue = make_dialogue(city, statement_max_length=20, moderation_mode=ModerationMode.PRE)
    user = city.people["resident"]
    with pytest.raises(DomainError) as error:
        statement_add(user=user, dialogue=dialogue, text="x" * 21)
    assert error.value.code == "too_long"
    statement = statement_add(user=user, dialogue=dialogue, text="Short and clear")
    assert statement.status == ContentStatus.PENDING
    with pytest.raises(DomainError):
        statement_add(user=user, dialogue=dialogue, text="short and  clear")


def test_participants_may_not_add_when_closed_to_them(city: CityFixture) -> None:
    dialogue = make_dialogue(city, participants_may_add=False)
    with pytest.raises(PermissionDenied):
        statement_add(user=city.people["resident"], dialogue=dialogue, text="Hello there")


def test_csv_import_all_or_nothing_with_row_errors(city: CityFixture) -> None:
    from civic.errors import ValidationFailed

    dialogue = make_dialogue(city, phase=DialoguePhase.SEED, statement_max_length=30)
    bad = "text,meta\nPlant trees,no\n,no\n" + "y" * 31 + ",no\nPlant trees,yes\nOk,maybe\n"
    with pytest.raises(ValidationFailed) as error:
        statements_import(actor=city.people["official"], dialogue=dialogue, data=bad.encode())
    assert set(error.value.errors) == {"row 3", "row 4", "row 5", "row 6"}
    assert dialogue.statements.count() == 0
    good = "\ufefftext,meta\nPlant trees,no\nAbout this dialogue,yes\n"
    added = statements_import(actor=city.people["official"], dialogue=dialogue, data=good.encode())
    assert [s.is_meta for s in added] == [False, True]


def test_replies_two_levels_with_stance(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "More trees")
    user = city.people["resident"]
    top = reply_add(user=user, statement=statement, body="Yes", stance="for")
    child = reply_add(user=user, statement=statement, body="No", stance="against", parent=top)
    assert (top.depth, child.depth) == (1, 2)
    with pytest.raises(DomainError):
        reply_add(user=user, statement=statement, body="Deeper", stance="neutral", parent=child)
    with pytest.raises(DomainError):
        reply_add(user=user, statement=statement, body="Hmm", stance="maybe")


def test_reply_notifies_the_statement_author(city: CityFixture) -> None:
    from civic.notifications.models import Event

    dialogue = make_dialogue(city)
    author, other = city.people["resident"], city.people["signed_in"]
    statement = statement_add(user=author, dialogue=dialogue, text="Benches by the pond")
    reply_add(user=other, statement=statement, body="Agreed", stance="for")
    event = Event.objects.get(kind="statement.reply")
    assert event.recipient_ids == [author.pk]
