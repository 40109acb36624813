"""Desk and paper ballot entry land in the audit trail, never with a voter's choice."""

from __future__ import annotations

import pytest

from budgeting.models import BallotChoice, VoterRoll
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import (
    ballot_cast,
    paper_batch_confirm,
    paper_batch_enter,
    paper_voter_mark,
)
from civic.accounts.services.verification import verification_in_person
from civic.audit.models import AuditEntry
from tests.budgeting.factories import build_round
from tests.factories import CityFixture, make_user

pytestmark = pytest.mark.django_db


def test_desk_and_paper_entry_without_ballot_contents(city: CityFixture) -> None:
    pb = build_round(city)
    official, second = city.people["official"], city.people["org_admin"]
    resident = city.people["resident"]
    chosen = pb.north_items[2]
    ballot_cast(
        voter=resident,
        budget=pb.north_budget,
        channel="desk",
        recorded_by=official,
        choices=[ChoiceInput(chosen.pk)],
    )
    online = make_user()
    verification_in_person(
        actor=official,
        user=online,
        organisation=city.organisation,
        area=city.areas["north"],
        birth_year=1975,
    )
    ballot_cast(voter=online, budget=pb.north_budget, choices=[ChoiceInput(chosen.pk)])
    paper = make_user()
    verification_in_person(
        actor=official,
        user=paper,
        organisation=city.organisation,
        area=city.areas["north"],
        birth_year=1970,
    )
    paper_voter_mark(actor=official, voter=paper, budget=pb.north_budget)
    batch = paper_batch_enter(
        actor=official,
        budget=pb.north_budget,
        label="Box 1",
        ballots=1,
        counts={pb.north_items[0].pk: 1},
    )
    paper_batch_confirm(actor=second, batch=batch)
    entries = list(
        AuditEntry.objects.filter(process_type="round", process_id=pb.round.pk).order_by("id")
    )
    assert [e.action for e in entries] == [
        "ballot.desk_entered",
        "ballot.paper_voter_marked",
        "ballot.paper_batch_entered",
        "ballot.paper_batch_confirmed",
    ]  # an online vote is the voter's own act, not an official's
    assert all(not e.public for e in entries)
    desk = entries[0]
    assert (desk.subject_type, desk.subject_id) == ("budget", pb.north_budget.pk)
    assert desk.actor == official
    # Nothing in the trail names a ballot, a choice, or the voter: only these facts.
    for entry in entries:
        assert entry.subject_type in ("budget", "voter_roll", "paper_batch")
        assert set(entry.before) | set(entry.after) <= {
            "channel",
            "budget",
            "label",
            "ballots",
            "status",
        }
        assert entry.after.get("budget", pb.north_budget.pk) == pb.north_budget.pk
    marked = entries[1]
    assert marked.subject_type == "voter_roll"
    assert VoterRoll.objects.get(pk=marked.subject_id).channel == "paper"
    assert BallotChoice.objects.filter(item=chosen).count() == 2
    assert entries[3].before == {"status": "pending"}
    assert entries[3].after == {"status": "confirmed", "ballots": 1}
