"""The audit trail itself: append-only, never carrying ballot contents, read-only admin."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from civic.audit.models import AuditEntry
from civic.audit.services import audit_changes, audit_record
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db


def _entry(city: CityFixture, **fields: object) -> AuditEntry:
    defaults: dict[str, object] = {
        "actor": city.people["official"],
        "organisation": city.organisation,
        "action": "consultation.opened",
        "subject_type": "consultation",
        "subject_id": 7,
    }
    defaults.update(fields)
    return audit_record(**defaults)  # type: ignore[arg-type]


def test_record_defaults_to_the_subject_as_process_and_public_by_nature(
    city: CityFixture,
) -> None:
    opened = _entry(city, before={"status": "scheduled"}, after={"status": "open"})
    assert (opened.process_type, opened.process_id) == ("consultation", 7)
    assert opened.public is True
    assessed = _entry(city, action="item.assessed", subject_type="item", subject_id=3)
    assert assessed.public is False
    assert opened.label == "Consultation opened"


def test_entries_cannot_be_changed_or_deleted(city: CityFixture) -> None:
    entry = _entry(city)
    entry.reason = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_unknown_actions_and_ballot_contents_are_refused(city: CityFixture) -> None:
    with pytest.raises(KeyError):
        _entry(city, action="consultation.opend")
    with pytest.raises(ValueError):
        _entry(city, action="ballot.desk_entered", after={"choices": [1, 2]})
    with pytest.raises(ValueError):
        _entry(city, action="ballot.paper_voter_marked", after={"voter_id": 4})
    assert not AuditEntry.objects.exists()


def test_changes_keep_only_what_differs() -> None:
    before, after = audit_changes({"title": "A", "summary": "s"}, {"title": "B", "summary": "s"})
    assert (before, after) == ({"title": "A"}, {"title": "B"})


def test_admin_is_read_only(city: CityFixture) -> None:
    entry = _entry(city)
    admin = site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = city.people["superuser"]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)
    assert admin.has_view_permission(request, entry)


def test_deleting_the_actor_keeps_the_entry(city: CityFixture) -> None:
    entry = _entry(city, actor=city.people["moderator"])
    city.people["moderator"].delete()
    entry.refresh_from_db()
    assert entry.actor is None
