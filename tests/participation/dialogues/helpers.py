"""Builders for dialogue tests."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import User
from participation.models import Dialogue, DialoguePhase, Statement
from participation.services.dialogues import dialogue_create, statement_seed
from tests.factories import CityFixture, make_user


def make_dialogue(city: CityFixture, *, phase: str = DialoguePhase.OPEN, **fields: Any) -> Dialogue:
    dialogue = dialogue_create(
        actor=city.people["official"],
        organisation=city.organisation,
        question=fields.pop("question", "How should the park change?"),
        **fields,
    )
    Dialogue.objects.filter(pk=dialogue.pk).update(phase=phase)
    dialogue.refresh_from_db()
    return dialogue


def seed(city: CityFixture, dialogue: Dialogue, *texts: str) -> list[Statement]:
    return [statement_seed(actor=city.people["official"], dialogue=dialogue, text=t) for t in texts]


def voters(count: int) -> list[User]:
    return [make_user() for _ in range(count)]
