"""The hand-written reads and writes of the ballot hot path agree with the ORM."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from psycopg.errors import LockNotAvailable

from budgeting.models import Assessment, Ballot, BallotChoice, Budget, VoterRoll
from budgeting.selectors.cast_reads import (
    ballot_item_costs,
    budget_for_ballot,
    cast_facts,
    roll_entry_locked,
    voter_facts,
)
from budgeting.selectors.eligibility import resident_verification
from budgeting.services.ballot_statements import ballot_replace, cast_insert
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import ballot_cast, voter_key
from civic.accounts.predicates import has_verified_email
from tests.budgeting.factories import build_round
from tests.factories import CityFixture


def _fields(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_budget_for_ballot_loads_budget_round_organisation_and_area(city: CityFixture) -> None:
    pb = build_round(city)
    expected = Budget.objects.select_related("round__organisation", "area").get(
        pk=pb.north_budget.pk
    )
    with CaptureQueriesContext(connection) as queries:
        budget = budget_for_ballot(budget_id=pb.north_budget.pk)
        assert budget is not None
        assert _fields(budget) == _fields(expected)
        assert _fields(budget.round) == _fields(expected.round)
        assert _fields(budget.round.organisation) == _fields(expected.round.organisation)
        assert _fields(budget.area) == _fields(expected.area)
    assert len(queries) == 1
    assert budget_for_ballot(budget_id=pb.north_budget.pk + 1000) is None


def test_voter_facts_match_the_orm(city: CityFixture) -> None:
    pb = build_round(city)
    organisation = pb.round.organisation
    for name in ("resident", "signed_in", "unverified", "official"):
        person = city.people[name]
        facts = voter_facts(user=person, organisation=organisation)
        fresh = type(person).objects.get(pk=person.pk)
        assert facts.email_verified is has_verified_email(fresh), name
        expected = resident_verification(user=person, round=pb.round)
        if expected is None:
            assert facts.verification is None, name
        else:
            assert facts.verification is not None
            assert _fields(facts.verification) == _fields(expected), name
            assert _fields(facts.verification.area) == _fields(expected.area), name


def test_item_costs_prefer_the_assessed_cost(city: CityFixture) -> None:
    pb = build_round(city)
    first, second = pb.city_items[0], pb.city_items[1]
    Assessment.objects.filter(item=first).update(cost_estimate=Decimal("123456.50"))
    Assessment.objects.filter(item=second).update(cost_estimate=None)
    costs = ballot_item_costs(budget=pb.city_budget)
    assert set(costs) == {item.pk for item in pb.city_items}
    assert costs[first.pk] == Decimal("123456.50")
    assert costs[second.pk] == second.estimated_cost
    first.on_ballot = False
    first.save(update_fields=["on_ballot"])
    assert first.pk not in ballot_item_costs(budget=pb.city_budget)


def test_roll_entry_is_found_after_a_cast(city: CityFixture) -> None:
    pb = build_round(city, north_type="approval")
    resident = city.people["resident"]
    assert roll_entry_locked(budget=pb.north_budget, user=resident) is None
    ballot_cast(
        voter=resident,
        budget=pb.north_budget,
        choices=[ChoiceInput(pb.north_items[0].pk)],
    )
    entry = roll_entry_locked(budget=pb.north_budget, user=resident)
    assert entry is not None and entry[1] == "web"


def test_ballot_replace_empties_and_rehashes_only_the_voters_ballot(city: CityFixture) -> None:

    pb = build_round(city, north_type="approval")
    resident = city.people["resident"]
    key = voter_key(budget=pb.city_budget, user=resident)
    assert ballot_replace(budget_id=pb.city_budget.pk, voter_key=key, receipt_hash="0" * 64) is None
    ballot_cast(voter=resident, budget=pb.city_budget, choices=[ChoiceInput(pb.city_items[1].pk)])
    theirs = Ballot.objects.create(
        budget=pb.city_budget, voter_key="f" * 64, channel="web", receipt_hash="e" * 64
    )
    BallotChoice.objects.create(ballot=theirs, item=pb.city_items[2])
    with CaptureQueriesContext(connection) as queries:
        replaced = ballot_replace(budget_id=pb.city_budget.pk, voter_key=key, receipt_hash="1" * 64)
    assert len(queries) == 1
    ballot = Ballot.objects.get(budget=pb.city_budget, voter_key=key)
    assert replaced == ballot.pk and ballot.receipt_hash == "1" * 64
    assert not BallotChoice.objects.filter(ballot=ballot).exists()
    assert BallotChoice.objects.filter(ballot=theirs).count() == 1
    assert Ballot.objects.get(pk=theirs.pk).receipt_hash == "e" * 64
    other_budget = ballot_replace(
        budget_id=pb.north_budget.pk, voter_key=key, receipt_hash="2" * 64
    )
    assert other_budget is None


def test_cast_insert_writes_roll_ballot_and_choices_in_one_statement(city: CityFixture) -> None:

    pb = build_round(city)
    resident = city.people["resident"]

    def rows(key: str) -> tuple[VoterRoll, Ballot, list[BallotChoice]]:
        entry = VoterRoll(round_id=pb.round.pk, budget=pb.city_budget, user=resident, channel="web")
        ballot = Ballot(budget=pb.city_budget, voter_key=key, channel="web", receipt_hash=key)
        choices = [
            BallotChoice(ballot_id=ballot.pk, item_id=item.pk, points=1, rank=rank)
            for rank, item in enumerate(pb.city_items[:2], start=1)
        ]
        return entry, ballot, choices

    entry, ballot, choices = rows("a" * 64)
    with CaptureQueriesContext(connection) as queries:
        cast_insert(entry=entry, ballot=ballot, choices=choices)
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)
    assert VoterRoll.objects.get(pk=entry.pk).user_id == resident.pk
    assert Ballot.objects.get(pk=ballot.pk).receipt_hash == "a" * 64
    stored = BallotChoice.objects.filter(ballot=ballot).order_by("rank")
    assert [(c.item_id, c.rank) for c in stored] == [
        (i.pk, n) for n, i in enumerate(pb.city_items[:2], 1)
    ]
    assert not entry._state.adding and not ballot._state.adding
    again = rows("b" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        cast_insert(entry=again[0], ballot=again[1], choices=again[2])  # one roll row each
    assert Ballot.objects.count() == 1 and BallotChoice.objects.count() == 2


def test_cast_facts_in_one_statement_match_the_three_reads(city: CityFixture) -> None:
    pb = build_round(city)
    Assessment.objects.filter(item=pb.city_items[0]).update(cost_estimate=Decimal("99.50"))
    ballot_cast(
        voter=city.people["resident"],
        budget=pb.north_budget,
        choices=[ChoiceInput(pb.north_items[0].pk)],
    )
    for budget_id in (pb.city_budget.pk, pb.north_budget.pk):
        budget = budget_for_ballot(budget_id=budget_id)
        assert budget is not None
        for name in ("resident", "signed_in", "unverified", "official"):
            person = city.people[name]
            with CaptureQueriesContext(connection) as queries:
                facts = cast_facts(user=person, budget=budget)
            assert len(queries) == (1 if connection.vendor == "postgresql" else 3)
            expected = voter_facts(user=person, organisation=budget.round.organisation)
            assert facts.voter.email_verified is expected.email_verified, name
            if expected.verification is None:
                assert facts.voter.verification is None, name
            else:
                got = facts.voter.verification
                assert got is not None
                assert _fields(got) == _fields(expected.verification), name
                assert _fields(got.area) == _fields(expected.verification.area), name
            assert facts.costs == ballot_item_costs(budget=budget)
            assert facts.costs and all(isinstance(c, Decimal) for c in facts.costs.values())
            assert facts.roll == roll_entry_locked(budget=budget, user=person)
    assert facts.roll is None
    resident = cast_facts(user=city.people["resident"], budget=pb.north_budget)
    assert resident.roll is not None and resident.roll[1] == "web"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cast_facts_lock_the_roll_row(city: CityFixture) -> None:
    pb = build_round(city, north_type="approval")
    resident = city.people["resident"]
    ballot_cast(voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[0].pk)])
    budget = budget_for_ballot(budget_id=pb.north_budget.pk)
    assert budget is not None
    other = connection.get_new_connection(connection.get_connection_params())
    table = VoterRoll._meta.db_table  # model metadata, not input
    probe = f"SELECT 1 FROM {table} WHERE budget_id = %s FOR UPDATE NOWAIT"  # noqa: S608
    try:
        with transaction.atomic():
            facts = cast_facts(user=resident, budget=budget)
            assert facts.roll is not None
            with pytest.raises(LockNotAvailable), other.cursor() as cursor:
                cursor.execute(probe, [budget.pk])
            other.rollback()
        with other.cursor() as cursor:  # released with the transaction
            cursor.execute(probe, [budget.pk])
            assert cursor.fetchone() == (1,)
    finally:
        other.close()
