from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from budgeting.models import Item, Phase, Project
from participation.models import Consultation, Dialogue, DialoguePhase
from tests.budgeting.factories import build_round
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.helpers import make_dialogue


@dataclass
class Tagged:
    city: CityFixture
    consultation: Consultation
    draft_consultation: Consultation
    other_consultation: Consultation
    dialogue: Dialogue
    draft_dialogue: Dialogue
    item: Item
    draft_round_item: Item
    project: Project


@pytest.fixture
def tagged(city: CityFixture) -> Tagged:
    """Things tagged with goal 11 (and one with 13), public and draft, in two rounds."""
    consultation = make_consultation(city, title="Parks for all", sdg_goals=[11, 13])
    draft = make_consultation(city, open_now=False, title="Secret plan", sdg_goals=[11])
    other = make_consultation(city, title="Water", sdg_goals=[6])
    dialogue = make_dialogue(city, question="How should streets change?", sdg_goals=[11])
    draft_dialogue = make_dialogue(
        city, phase=DialoguePhase.DRAFT, question="Hidden question?", sdg_goals=[11]
    )
    pb = build_round(city, phase=Phase.VOTING)
    item = pb.city_items[0]
    Item.objects.filter(pk=item.pk).update(sdg_goals=[11, 15])
    Item.objects.filter(pk=pb.city_items[1].pk).update(sdg_goals=[3])
    project = Project.objects.create(item=pb.city_items[1])
    draft_pb = build_round(city, phase=Phase.DRAFT, slug="draft-round")
    draft_item = draft_pb.city_items[0]
    Item.objects.filter(pk=draft_item.pk).update(sdg_goals=[11])
    item.refresh_from_db()
    return Tagged(
        city, consultation, draft, other, dialogue, draft_dialogue, item, draft_item, project
    )


def titles(response: Any) -> str:
    return response.content.decode()
