"""Every ballot type's rules, eligibility by area and age, and the voting window."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from budgeting.models import Ballot, BallotChoice, Phase, VoterRoll
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import ballot_cast, voter_key
from civic.errors import DomainError, PermissionDenied, ValidationFailed
from tests.budgeting.factories import build_round
from tests.factories import CityFixture


def _put(client: Client, budget_id: int, choices: list[dict[str, Any]]) -> Any:
    return client.put(
        f"/api/v1/budgets/{budget_id}/ballot/",
        {"choices": choices},
        content_type="application/json",
    )


def _client(city: CityFixture, person: str = "resident") -> Client:
    client = Client()
    client.force_login(city.people[person])
    return client


def test_knapsack_ballot_cast_replaced_and_read_back(city: CityFixture) -> None:
    pb = build_round(city)
    client = _client(city)
    park, bikes, library, trees = (i.pk for i in pb.city_items)
    first = _put(client, pb.city_budget.pk, [{"item": park}, {"item": bikes}])
    assert first.status_code == 200, first.json()
    receipt = first.json()["receipt"]
    assert len(receipt) == 14 and first.json()["replaced"] is False
    second = _put(client, pb.city_budget.pk, [{"item": library}, {"item": trees}])
    assert second.json()["replaced"] is True and second.json()["receipt"] != receipt
    mine = client.get(f"/api/v1/budgets/{pb.city_budget.pk}/ballot/").json()
    assert sorted(c["item"] for c in mine["choices"]) == sorted([library, trees])
    assert mine["total_cost"] == "300000.00" and mine["remaining"] == "700000.00"
    assert Ballot.objects.filter(budget=pb.city_budget).count() == 1
    assert VoterRoll.objects.filter(budget=pb.city_budget).count() == 1


@pytest.mark.parametrize(
    ("picks", "field", "message"),
    [
        ([0, 1, 2], "choices", "more than the budget"),  # 1.1M of 1M
        ([], "choices", "at least 1"),
        ([0, 0], "choices[1].item", "twice"),
    ],
)
def test_knapsack_rules(city: CityFixture, picks: list[int], field: str, message: str) -> None:
    pb = build_round(city)
    response = _put(
        _client(city), pb.city_budget.pk, [{"item": pb.city_items[i].pk} for i in picks]
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors
    assert not Ballot.objects.exists() and not VoterRoll.objects.exists()


def test_knapsack_minimum_spend(city: CityFixture) -> None:
    pb = build_round(city)
    pb.city_budget.min_spend_percent = 50
    pb.city_budget.save()
    low = _put(_client(city), pb.city_budget.pk, [{"item": pb.city_items[3].pk}])
    assert low.status_code == 400 and "at least 50%" in low.json()["errors"][0]["message"]


def test_approval_between_min_and_max(city: CityFixture) -> None:
    pb = build_round(city)
    client = _client(city)
    ids = [i.pk for i in pb.north_items]
    too_many = _put(client, pb.north_budget.pk, [{"item": i} for i in ids])
    assert too_many.status_code == 400 and "at most 3" in too_many.json()["errors"][0]["message"]
    assert _put(client, pb.north_budget.pk, [{"item": i} for i in ids[:3]]).status_code == 200


def test_item_of_another_budget_is_refused(city: CityFixture) -> None:
    pb = build_round(city)
    response = _put(_client(city), pb.north_budget.pk, [{"item": pb.city_items[0].pk}])
    assert response.json()["errors"][0]["field"] == "choices[0].item"


def test_cumulative_points(city: CityFixture) -> None:
    pb = build_round(city, north_type="cumulative")
    budget = pb.north_budget
    budget.points_total, budget.points_max_per_item = 10, 5
    budget.save()
    client = _client(city)
    ids = [i.pk for i in pb.north_items]
    over_item = _put(client, budget.pk, [{"item": ids[0], "points": 6}])
    assert over_item.json()["errors"][0]["field"] == "choices[0].points"
    over_total = _put(
        client,
        budget.pk,
        [
            {"item": ids[0], "points": 5},
            {"item": ids[1], "points": 5},
            {"item": ids[2], "points": 1},
        ],
    )
    assert "you have 10 to spread" in over_total.json()["errors"][0]["message"]
    good = _put(client, budget.pk, [{"item": ids[0], "points": 5}, {"item": ids[1], "points": 4}])
    assert good.status_code == 200
    assert sorted(BallotChoice.objects.values_list("points", flat=True)) == [4, 5]


def test_ranking_top_k(city: CityFixture) -> None:
    pb = build_round(city, north_type="ranking")
    pb.north_budget.rank_top = 2
    pb.north_budget.max_items = None
    pb.north_budget.save()
    client = _client(city)
    ids = [i.pk for i in pb.north_items]
    gaps = _put(
        client, pb.north_budget.pk, [{"item": ids[0], "rank": 1}, {"item": ids[1], "rank": 3}]
    )
    assert "without gaps" in gaps.json()["errors"][0]["message"]
    too_long = _put(
        client, pb.north_budget.pk, [{"item": i, "rank": n + 1} for n, i in enumerate(ids[:3])]
    )
    assert "at most 2" in too_long.json()["errors"][0]["message"]
    assert (
        _put(
            client, pb.north_budget.pk, [{"item": ids[1], "rank": 2}, {"item": ids[0], "rank": 1}]
        ).status_code
        == 200
    )


def test_single_choice(city: CityFixture) -> None:
    pb = build_round(city, north_type="single")
    client = _client(city)
    ids = [i.pk for i in pb.north_items]
    assert _put(client, pb.north_budget.pk, [{"item": ids[0]}, {"item": ids[1]}]).status_code == 400
    assert _put(client, pb.north_budget.pk, [{"item": ids[0]}]).status_code == 200


@pytest.mark.parametrize(
    ("person", "status", "code"),
    [
        ("signed_in", 403, "not_eligible"),  # not a verified resident
        ("unverified", 403, "not_eligible"),  # email not confirmed
        ("resident", 200, None),
    ],
)
def test_eligibility_verified_residents(
    city: CityFixture, person: str, status: int, code: str | None
) -> None:
    pb = build_round(city)
    response = _put(_client(city, person), pb.city_budget.pk, [{"item": pb.city_items[3].pk}])
    assert response.status_code == status
    if code:
        assert response.json()["type"].endswith(code)
        assert response.json()["detail"]


def test_wrong_area_budget_is_refused(city: CityFixture) -> None:
    from civic.places.models import AreaKind
    from civic.places.services.areas import area_create

    pb = build_round(city)
    east = area_create(
        organisation=city.organisation,
        name="East",
        code="east",
        kind=AreaKind.DISTRICT,
        parent=city.areas["city"],
    )
    from budgeting.models import Budget

    east_budget = Budget.objects.create(
        round=pb.round, area=east, name="East", amount=1000, ballot_type="approval"
    )
    response = _put(_client(city), east_budget.pk, [])
    assert response.status_code == 403
    assert response.json()["type"].endswith("wrong_area")


def test_minimum_age(city: CityFixture) -> None:
    pb = build_round(city, min_age=50)  # the resident was born in 1980
    response = _put(_client(city), pb.city_budget.pk, [{"item": pb.city_items[3].pk}])
    assert response.status_code == 403 and "aged 50" in response.json()["detail"]


@pytest.mark.parametrize("phase", [Phase.PROPOSALS, Phase.ASSESSMENT, Phase.RESULTS])
def test_voting_closed_outside_the_voting_phase(city: CityFixture, phase: str) -> None:
    pb = build_round(city, phase=phase)
    with pytest.raises(DomainError) as error:
        ballot_cast(
            voter=city.people["resident"],
            budget=pb.city_budget,
            choices=[ChoiceInput(pb.city_items[3].pk)],
        )
    assert error.value.code == "voting_closed"


def test_any_one_budget_rule(city: CityFixture) -> None:
    pb = build_round(city, area_rule="any_one")
    resident = city.people["resident"]
    ballot_cast(voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[0].pk)])
    with pytest.raises(DomainError) as error:
        ballot_cast(
            voter=resident, budget=pb.city_budget, choices=[ChoiceInput(pb.city_items[3].pk)]
        )
    assert "one budget only" in str(error.value.message)
    # Changing the ballot in the same budget stays possible.
    ballot_cast(voter=resident, budget=pb.north_budget, choices=[ChoiceInput(pb.north_items[1].pk)])


def test_same_validation_on_the_page_and_the_api(city: CityFixture) -> None:
    from budgeting.selectors.ballots import ballot_items
    from budgeting.services.ballot_validation import ballot_validate

    pb = build_round(city)
    with pytest.raises(ValidationFailed) as error:
        ballot_validate(
            budget=pb.city_budget,
            items=ballot_items(budget=pb.city_budget),
            choices=[ChoiceInput(i.pk) for i in pb.city_items],
        )
    page = _client(city).post(
        f"/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/",
        {"item": [str(i.pk) for i in pb.city_items], "action": "cast"},
    )
    assert error.value.errors["choices"][0] in page.content.decode()


def test_desk_ballot_needs_an_official(city: CityFixture) -> None:
    pb = build_round(city)
    with pytest.raises(PermissionDenied):
        ballot_cast(
            voter=city.people["resident"],
            budget=pb.city_budget,
            channel="desk",
            choices=[ChoiceInput(pb.city_items[3].pk)],
        )


def test_voter_key_is_keyed(city: CityFixture, settings: Any) -> None:
    pb = build_round(city)
    resident = city.people["resident"]
    first = voter_key(budget=pb.city_budget, user=resident)
    settings.BALLOT_KEY = "another key"
    assert voter_key(budget=pb.city_budget, user=resident) != first
