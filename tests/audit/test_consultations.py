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
from tests.participation.consultations.helpers import make_consultation

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
