"""Every place that takes SDG tags refuses what is not a goal."""

from __future__ import annotations

from typing import Any

import pytest

from budgeting.models import Phase
from budgeting.services.items import item_update
from civic.errors import DomainError, ValidationFailed
from civic.sdg.validation import sdg_goals_clean, sdg_target_clean
from participation.services.consultations import consultation_update
from participation.services.dialogues import dialogue_update
from tests.budgeting.factories import build_round
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.helpers import make_dialogue

pytestmark = pytest.mark.django_db

BAD: list[list[Any]] = [[0], [18], [True], ["11"], [11, 99]]


def test_the_shared_check() -> None:
    assert sdg_goals_clean([13, 11, 11]) == [11, 13]
    assert sdg_goals_clean(None) == []
    for bad in BAD:
        with pytest.raises(ValidationFailed):
            sdg_goals_clean(bad)
    assert sdg_target_clean("11.a", goal=11) == "11.a"
    with pytest.raises(ValidationFailed):
        sdg_target_clean("11.8", goal=11)


@pytest.mark.parametrize("bad", BAD[:2] + BAD[4:])
def test_processes_refuse_unknown_goals(city: CityFixture, bad: list[object]) -> None:
    official = city.people["official"]
    consultation = make_consultation(city, open_now=False)
    dialogue = make_dialogue(city)
    with pytest.raises(DomainError):
        consultation_update(actor=official, consultation=consultation, sdg_goals=bad)
    with pytest.raises(DomainError):
        dialogue_update(actor=official, dialogue=dialogue, sdg_goals=bad)
    pb = build_round(city, phase=Phase.PROPOSALS)
    item = pb.city_items[0]
    with pytest.raises(DomainError):
        item_update(actor=city.people["signed_in"], item=item, sdg_goals=bad)
