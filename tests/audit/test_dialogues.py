"""Official actions on dialogues land in the audit trail (moderation with its public reason)."""

from __future__ import annotations

import pytest

from civic.audit.models import AuditEntry
from participation.models import DialoguePhase
from participation.services.dialogue_responses import response_publish
from participation.services.dialogues import (
    dialogue_phase_set,
    dialogue_update,
    participant_get_or_create,
)
from participation.services.moderation import (
    content_hide,
    content_restore,
    participant_block,
    participant_unblock,
)
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed

pytestmark = pytest.mark.django_db


def _actions(pk: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(process_type="dialogue", process_id=pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_dialogue_actions(city: CityFixture) -> None:
    official, moderator = city.people["official"], city.people["moderator"]
    draft = make_dialogue(city, phase=DialoguePhase.DRAFT)
    dialogue_update(actor=official, dialogue=draft, question="Still a draft?")
    assert _actions(draft.pk) == []
    dialogue = make_dialogue(city)
    dialogue_update(actor=official, dialogue=dialogue, question="How should the square change?")
    (statement,) = seed(city, dialogue, "More trees")
    content_hide(actor=moderator, target=statement, public_reason="Off topic")
    content_restore(actor=moderator, target=statement, public_reason="Back on topic")
    participant = participant_get_or_create(dialogue=dialogue, user=city.people["resident"])
    participant_block(actor=moderator, participant=participant, public_reason="Insults")
    participant_unblock(actor=moderator, participant=participant)
    response_publish(
        actor=official, dialogue=dialogue, statement=statement, outcome="adopt", rationale="Yes."
    )
    dialogue_phase_set(actor=official, dialogue=dialogue, phase=DialoguePhase.RESPOND)
    assert _actions(dialogue.pk) == [
        "dialogue.edited",
        "dialogue.statement_moderated",
        "dialogue.statement_moderated",
        "dialogue.participant_blocked",
        "dialogue.participant_unblocked",
        "dialogue.response_published",
        "dialogue.phase_changed",
    ]
    hidden = AuditEntry.objects.filter(action="dialogue.statement_moderated").order_by("id").first()
    assert hidden is not None
    assert hidden.public and hidden.reason == "Off topic"
    assert hidden.after == {"moderation": "hide", "status": "hidden"}
    assert hidden.actor == moderator
    blocked = AuditEntry.objects.get(action="dialogue.participant_blocked")
    assert blocked.subject_type == "dialogue_participant" and blocked.reason == "Insults"
    assert str(city.people["resident"].pk) not in str(blocked.after)
    phase = AuditEntry.objects.get(action="dialogue.phase_changed")
    assert (phase.before, phase.after) == ({"phase": "open"}, {"phase": "respond"})
    edited = AuditEntry.objects.get(action="dialogue.edited")
    assert edited.after == {"question": "How should the square change?"}
