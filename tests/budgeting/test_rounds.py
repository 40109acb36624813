"""A round's lifecycle on frozen time: phases move on schedule and by hand, once each."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgeting.models import Item, Phase, PhaseChange, Round
from budgeting.services.rounds import due_phase, round_phase_set, rounds_advance_due
from civic.errors import DomainError
from civic.notifications.models import Event
from tests.budgeting.factories import build_round, round_dates
from tests.factories import CityFixture


def test_phases_follow_the_dates(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    round = pb.round
    start = round.proposals_open
    assert round.supports_open is not None
    expectations = [
        (start + timedelta(days=1), Phase.PROPOSALS),
        (round.supports_open + timedelta(hours=1), Phase.SUPPORTS),
        (round.assessment_open + timedelta(hours=1), Phase.ASSESSMENT),
        (round.voting_open + timedelta(hours=1), Phase.VOTING),
        (round.voting_close + timedelta(seconds=1), Phase.RESULTS),
    ]
    for moment, phase in expectations:
        with time_machine.travel(moment, tick=False):
            rounds_advance_due()
            rounds_advance_due()  # a second beat run changes nothing
            round.refresh_from_db()
            assert round.phase == phase
    changes = list(PhaseChange.objects.filter(round=round).values_list("phase", flat=True))
    assert changes == [
        Phase.PROPOSALS,
        Phase.SUPPORTS,
        Phase.ASSESSMENT,
        Phase.VOTING,
        Phase.RESULTS,
    ]
    events = Event.objects.filter(kind="round.phase_changed", subject_id=round.pk)
    assert events.count() == 4  # one per change made by the schedule


def test_draft_rounds_wait_for_publication(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.DRAFT)
    with time_machine.travel(pb.round.voting_open + timedelta(hours=1), tick=False):
        assert rounds_advance_due() == 0
    pb.round.refresh_from_db()
    assert pb.round.phase == Phase.DRAFT


def test_official_moves_forward_only(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.ASSESSMENT)
    official = city.people["official"]
    with pytest.raises(DomainError) as error:
        round_phase_set(actor=official, round=pb.round, phase=Phase.VOTING)
    assert "on the ballot" in str(error.value.message)
    Item.objects.filter(pk=pb.city_items[0].pk).update(on_ballot=True)
    round_phase_set(actor=official, round=pb.round, phase=Phase.VOTING)
    change = PhaseChange.objects.get(round=pb.round, phase=Phase.VOTING)
    assert change.actor == official
    with pytest.raises(DomainError):
        round_phase_set(actor=official, round=pb.round, phase=Phase.PROPOSALS)


def test_closing_the_vote_early_moves_the_close_date(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.VOTING)
    round_phase_set(actor=city.people["official"], round=pb.round, phase=Phase.RESULTS)
    pb.round.refresh_from_db()
    assert pb.round.voting_close <= timezone.now()


def test_due_phase_without_a_supports_phase(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    round = pb.round
    round.supports_open = round.supports_close = None
    assert due_phase(round, round.proposals_close + timedelta(days=3)) == Phase.PROPOSALS
    assert due_phase(round, round.assessment_open) == Phase.ASSESSMENT


@pytest.mark.parametrize(
    ("field", "shift"),
    [
        ("proposals_close", timedelta(days=-20)),  # closes before it opens
        ("supports_open", timedelta(days=-3)),  # overlaps proposals
        ("voting_open", timedelta(days=-15)),  # overlaps assessment
        ("voting_close", timedelta(days=-20)),  # closes before it opens
    ],
)
def test_the_database_refuses_overlapping_or_backward_dates(
    city: CityFixture, field: str, shift: timedelta
) -> None:
    dates = round_dates(timezone.now(), Phase.PROPOSALS)
    dates[field] = dates[field] + shift
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            organisation=city.organisation, title="Bad", slug="bad", total_budget=1, **dates
        )


def test_round_pages(city: CityFixture) -> None:
    from django.test import Client

    pb = build_round(city)
    client = Client()
    page = client.get(f"/budgeting/{pb.round.slug}/")
    assert page.status_code == 200
    assert "Riverside park" in page.content.decode()
    assert "Sign in" in page.content.decode()
    assert client.get("/budgeting/").status_code == 200
    item = pb.city_items[0]
    assert client.get(f"/budgeting/{pb.round.slug}/items/{item.pk}/").status_code == 200
    draft = build_round(city, phase=Phase.DRAFT, slug="draft-round")
    assert client.get(f"/budgeting/{draft.round.slug}/").status_code == 404
    official = Client()
    official.force_login(city.people["official"])
    assert official.get(f"/budgeting/{draft.round.slug}/").status_code == 200
    assert official.get(f"/budgeting/{draft.round.slug}/manage/").status_code == 200
    assert client.get(f"/budgeting/{pb.round.slug}/manage/").status_code == 302
    resident = Client()
    resident.force_login(city.people["resident"])
    assert resident.get(f"/budgeting/{pb.round.slug}/manage/").status_code == 403
