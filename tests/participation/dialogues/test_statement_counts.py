"""A statement's vote counts on the list are the votes, however many replies it has."""

from __future__ import annotations

from typing import Any

from participation.selectors.dialogues import statement_list
from participation.services.dialogues import reply_add, vote_cast
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed, voters


def test_replies_do_not_multiply_vote_counts(city: CityFixture) -> None:
    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "More benches along the river")
    people = voters(6)
    for person, value in zip(people, (1, 1, 1, -1, -1, 0), strict=True):
        vote_cast(user=person, statement=statement, value=value)
    for person, stance in zip(people[:3], ("for", "against", "neutral"), strict=True):
        reply_add(user=person, statement=statement, body="A reply.", stance=stance)
    listed: Any = statement_list(dialogue=dialogue).get()  # annotated with its counts
    assert (listed.n_agree, listed.n_disagree, listed.n_pass) == (3, 2, 1)
    assert listed.n_replies == 3
