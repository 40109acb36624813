"""Races on PostgreSQL: parallel submissions by one voter, and by many voters at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from decimal import Decimal

import pytest
from django.db import connection

from budgeting.models import Ballot, BallotChoice, Item, VoterRoll
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import ballot_cast
from civic.accounts.models import User
from civic.accounts.services.verification import verification_in_person
from civic.errors import DomainError
from tests.budgeting.factories import build_round
from tests.factories import build_city, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_parallel(calls: Sequence[Callable[[], object]]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            call()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_one_voter_many_parallel_submissions_leave_one_ballot() -> None:
    assert connection.vendor == "postgresql"
    city = build_city()
    pb = build_round(city)
    resident = city.people["resident"]
    items = pb.city_items
    # Each submission alone fits the budget; together they would overrun it.
    picks = [
        [items[0], items[1]],
        [items[0], items[2]],
        [items[1], items[2], items[3]],
        [items[0], items[3]],
    ] * 3

    def cast(chosen: list[Item]) -> Callable[[], object]:
        return lambda: ballot_cast(
            voter=resident, budget=pb.city_budget, choices=[ChoiceInput(i.pk) for i in chosen]
        )

    outcomes = _in_parallel([cast(chosen) for chosen in picks])
    assert outcomes.count("ok") == len(picks)
    assert Ballot.objects.filter(budget=pb.city_budget).count() == 1
    assert VoterRoll.objects.filter(budget=pb.city_budget, user=resident).count() == 1
    chosen = BallotChoice.objects.filter(ballot__budget=pb.city_budget)
    total = sum(Decimal(str(choice.item.cost)) for choice in chosen.select_related("item"))
    assert total <= pb.city_budget.amount
    assert sorted(c.item_id for c in chosen) in [sorted(i.pk for i in p) for p in picks]


def test_many_voters_in_one_budget_each_get_exactly_one_ballot() -> None:
    city = build_city()
    pb = build_round(city)
    voters: list[User] = []
    for _index in range(12):
        voter = make_user()
        verification_in_person(
            actor=city.people["official"],
            user=voter,
            organisation=city.organisation,
            area=city.areas["north-1"],
            birth_year=1990,
        )
        voters.append(voter)
    calls = [
        (
            lambda v=voter: ballot_cast(
                voter=v, budget=pb.city_budget, choices=[ChoiceInput(pb.city_items[1].pk)]
            )
        )
        for voter in voters
        for _repeat in range(2)
    ]
    outcomes = _in_parallel(list(calls))
    assert outcomes.count("ok") == len(calls)
    assert Ballot.objects.filter(budget=pb.city_budget).count() == len(voters)
    assert VoterRoll.objects.filter(budget=pb.city_budget).count() == len(voters)


def test_online_and_desk_race_for_one_resident_counts_once() -> None:
    city = build_city()
    pb = build_round(city)
    resident = city.people["resident"]
    official = city.people["official"]
    calls = [
        lambda: ballot_cast(
            voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[0].pk)]
        ),
        lambda: ballot_cast(
            voter=resident,
            budget=pb.north_budget,
            channel="desk",
            recorded_by=official,
            choices=[ChoiceInput(pb.north_items[1].pk)],
        ),
    ] * 3
    outcomes = _in_parallel(calls)
    assert "already_voted" in outcomes
    assert Ballot.objects.filter(budget=pb.north_budget).count() == 1
    assert VoterRoll.objects.filter(budget=pb.north_budget).count() == 1
