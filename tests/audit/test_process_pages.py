"""Each process page carries its public log as a section."""

from __future__ import annotations

import pytest
from django.test import Client

from budgeting.models import Phase
from budgeting.services.rounds import round_phase_set
from participation.models import DialoguePhase
from participation.services.dialogues import dialogue_phase_set
from tests.budgeting.factories import build_round
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.helpers import make_dialogue

pytestmark = pytest.mark.django_db


def test_pages_show_the_public_log(client: Client, city: CityFixture) -> None:
    official = city.people["official"]
    consultation = make_consultation(city)
    dialogue = make_dialogue(city)
    dialogue_phase_set(actor=official, dialogue=dialogue, phase=DialoguePhase.RESPOND)
    pb = build_round(city, phase=Phase.VOTING)
    round_phase_set(actor=official, round=pb.round, phase=Phase.RESULTS)
    for url, label in [
        (f"/consultations/{consultation.pk}/", "Consultation opened"),
        (f"/dialogues/{dialogue.pk}/", "Dialogue phase changed"),
        (f"/budgeting/{pb.round.slug}/", "Round phase changed"),
    ]:
        html = client.get(url).content.decode()
        assert "What the organisation did" in html, url
        assert label in html, url
