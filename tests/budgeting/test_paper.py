"""Desk and paper voting: nobody votes twice across channels; batches need two officials."""

from __future__ import annotations

import pytest
from django.test import Client

from budgeting.models import PaperBatch, VoterRoll
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import (
    ballot_cast,
    paper_batch_confirm,
    paper_batch_enter,
    paper_voter_mark,
)
from civic.accounts.services.verification import verification_in_person
from civic.errors import Conflict, PermissionDenied
from tests.budgeting.factories import build_round
from tests.factories import CityFixture, make_user


def test_desk_ballot_then_online_is_refused(city: CityFixture) -> None:
    pb = build_round(city)
    resident, official = city.people["resident"], city.people["official"]
    receipt = ballot_cast(
        voter=resident,
        budget=pb.north_budget,
        channel="desk",
        recorded_by=official,
        choices=[ChoiceInput(pb.north_items[0].pk)],
    )
    assert receipt.channel == "desk"
    with pytest.raises(Conflict):
        ballot_cast(
            voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[1].pk)]
        )
    entry = VoterRoll.objects.get(budget=pb.north_budget)
    assert entry.channel == "desk" and entry.recorded_by == official


def test_online_voter_cannot_be_checked_off_for_paper(city: CityFixture) -> None:
    pb = build_round(city)
    resident = city.people["resident"]
    ballot_cast(voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[0].pk)])
    with pytest.raises(Conflict):
        paper_voter_mark(actor=city.people["official"], voter=resident, budget=pb.north_budget)


def test_paper_batches_cannot_outnumber_the_roll(city: CityFixture) -> None:
    pb = build_round(city)
    first, second = city.people["official"], city.people["org_admin"]
    voters = []
    for _index in range(3):
        voter = make_user()
        verification_in_person(
            actor=first,
            user=voter,
            organisation=city.organisation,
            area=city.areas["north"],
            birth_year=1970,
        )
        paper_voter_mark(actor=first, voter=voter, budget=pb.north_budget)
        voters.append(voter)
    items = pb.north_items
    batch = paper_batch_enter(
        actor=first,
        budget=pb.north_budget,
        label="Box 1",
        ballots=2,
        counts={items[0].pk: 2, items[1].pk: 1},
    )
    with pytest.raises(PermissionDenied):
        paper_batch_confirm(actor=first, batch=batch)  # the same official
    paper_batch_confirm(actor=second, batch=batch)
    too_many = paper_batch_enter(
        actor=first, budget=pb.north_budget, label="Box 2", ballots=2, counts={items[0].pk: 1}
    )
    with pytest.raises(Conflict) as error:
        paper_batch_confirm(actor=second, batch=too_many)
    assert error.value.code == "paper_overcount"
    assert PaperBatch.objects.get(label="Box 2").status == PaperBatch.Status.PENDING
    # Entering the same box twice is refused too.
    with pytest.raises(Conflict):
        paper_batch_enter(actor=first, budget=pb.north_budget, label="Box 1", ballots=1, counts={})


def test_desk_page_flow(city: CityFixture) -> None:
    pb = build_round(city)
    client = Client()
    client.force_login(city.people["official"])
    url = f"/budgeting/{pb.round.slug}/desk/?budget={pb.north_budget.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "budget": pb.north_budget.pk,
            "action": "assisted",
            "email": city.people["resident"].email,
            "item": [str(pb.north_items[0].pk)],
        },
        follow=True,
    )
    assert "Receipt code for the resident" in response.content.decode()
    again = client.post(
        url,
        {"budget": pb.north_budget.pk, "action": "paper", "email": city.people["resident"].email},
        follow=True,
    )
    assert "already voted" in again.content.decode()
    resident_client = Client()
    resident_client.force_login(city.people["resident"])
    assert resident_client.get(url).status_code == 403


def test_official_forms_answer_bad_ids_with_404(city: CityFixture) -> None:
    pb = build_round(city)
    client = Client()
    client.force_login(city.people["official"])
    desk = f"/budgeting/{pb.round.slug}/desk/?budget={pb.north_budget.pk}"
    response = client.post(
        desk, {"budget": pb.north_budget.pk, "action": "confirm", "batch": "not-a-number"}
    )
    assert response.status_code == 404
    assess = f"/budgeting/{pb.round.slug}/manage/items/{pb.north_items[0].pk}/"
    response = client.post(assess, {"form": "merge", "other": "1; DROP"})
    assert response.status_code == 404
