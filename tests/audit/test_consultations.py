"""Official actions on consultations land in the audit trail."""

from __future__ import annotations

import pytest

from civic.audit.models import AuditEntry
from participation.services.consultations import (
    consultation_close,
    consultation_schedule,
    consultation_update,
)
from tests.factories import CityFixture
from tests.participation.consultations.helpers import first_question, make_consultation

pytestmark = pytest.mark.django_db


def _actions(pk: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(process_type="consultation", process_id=pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_open_edit_close(city: CityFixture) -> None:
    official = city.people["official"]
    consultation = make_consultation(city)
    consultation_update(actor=official, consultation=consultation, title="Park (revised)")
    consultation_update(actor=official, consultation=consultation, title="Park (revised)")
    consultation_close(actor=None, consultation=consultation)
    assert _actions(consultation.pk) == [
        "consultation.opened",
        "consultation.edited",
        "consultation.closed",
    ]
    opened, edited, closed = AuditEntry.objects.filter(process_id=consultation.pk).order_by("id")
    assert (opened.before, opened.after) == ({"status": "draft"}, {"status": "open"})
    assert opened.actor == official and opened.public
    assert edited.before == {"title": "Park"} and edited.after == {"title": "Park (revised)"}
    assert not edited.public
    assert closed.actor is None and closed.public
    assert closed.organisation == city.organisation


def test_editing_a_draft_is_not_audited(city: CityFixture) -> None:
    official = city.people["official"]
    consultation = make_consultation(city, open_now=False)
    consultation_update(actor=official, consultation=consultation, title="Draft title")
    assert _actions(consultation.pk) == []
    consultation_schedule(actor=official, consultation=consultation)
    assert _actions(consultation.pk) == ["consultation.scheduled"]


def test_versions_moderation_and_answer(city: CityFixture) -> None:
    from participation.services.consultation_answers import (
        answer_item_add,
        answer_save,
        consultation_answer_publish,
    )
    from participation.services.consultation_drafts import (
        comment_moderate,
        draft_version_publish,
        paragraph_comment_add,
    )

    official = city.people["official"]
    consultation = make_consultation(city)
    version = draft_version_publish(
        actor=official, consultation=consultation, title="By-law", source="One.\n\nTwo."
    )
    comment = paragraph_comment_add(
        user=city.people["resident"], paragraph=version.paragraphs.get(position=1), body="Hm"
    )
    comment_moderate(actor=city.people["moderator"], comment=comment, hidden=True, reason="Spam")
    consultation_close(actor=official, consultation=consultation)
    answer_save(actor=official, consultation=consultation, body="We heard you.")
    answer_item_add(
        actor=official,
        consultation=consultation,
        you_said="Yes",
        we_did="Built it",
        outcome="adopted",
        reason="Most agreed",
        question=first_question(consultation),
    )
    consultation_answer_publish(actor=official, consultation=consultation)
    assert _actions(consultation.pk) == [
        "consultation.opened",
        "consultation.version_published",
        "consultation.comment_moderated",
        "consultation.closed",
        "consultation.answered",
    ]
    moderated = AuditEntry.objects.get(action="consultation.comment_moderated")
    assert moderated.public and moderated.reason == "Spam"
    assert moderated.after == {"hidden": True}
    assert "Hm" not in str(moderated.before) + str(moderated.after)
