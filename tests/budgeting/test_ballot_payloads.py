"""The ballot endpoint's plain-JSON reading agrees with BallotInputSerializer wherever it
answers, and its receipt is what ReceiptSerializer makes of it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from budgeting.api.ballot_payloads import ballot_choices_plain, receipt_payload
from budgeting.api.serializers import BallotInputSerializer, ReceiptSerializer
from budgeting.models import Channel
from budgeting.services.ballot_validation import ChoiceInput
from budgeting.services.ballots import Receipt
from tests.budgeting.factories import build_round
from tests.factories import CityFixture

NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=1003),
    st.sampled_from([2**31, -(2**63), 10**30]),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=1005),
    st.sampled_from(["3", "1.0", "", "x", "12" * 600]),
)
ENTRY = st.dictionaries(
    st.sampled_from(["item", "points", "rank", "other"]), NUMBERS, max_size=4
) | st.one_of(st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2))
BODY = st.one_of(
    st.fixed_dictionaries({"choices": st.lists(ENTRY, max_size=5)}),
    st.dictionaries(st.sampled_from(["choices", "other"]), st.one_of(NUMBERS, ENTRY)),
    st.lists(st.integers(), max_size=2),
    NUMBERS,
)


def _serializer_choices(data: Any) -> list[ChoiceInput] | None:
    serializer = BallotInputSerializer(data=data)
    if not serializer.is_valid():
        return None
    return [
        ChoiceInput(item_id=c["item"], points=c.get("points", 1), rank=c.get("rank"))
        for c in serializer.validated_data["choices"]
    ]


@settings(max_examples=600, deadline=None)
@given(BODY)
def test_plain_reading_agrees_with_the_serializer(data: Any) -> None:
    plain = ballot_choices_plain(data)
    if plain is not None:
        assert _serializer_choices(data) == plain


@pytest.mark.parametrize(
    "data",
    [
        {"choices": []},
        {"choices": [{"item": 7}, {"item": 9}]},
        {"choices": [{"item": 7, "points": 0}, {"item": 9, "points": 1000}]},
        {"choices": [{"item": 7, "rank": 1}, {"item": 9, "rank": None, "points": 3}]},
        {"choices": [{"item": 7, "other": "ignored"}], "other": 1},
    ],
)
def test_well_formed_ballots_take_the_plain_reading(data: dict[str, Any]) -> None:
    plain = ballot_choices_plain(data)
    assert plain is not None
    assert plain == _serializer_choices(data)


@pytest.mark.parametrize(
    "data",
    [
        {"choices": [{"item": "7"}]},
        {"choices": [{"item": 7, "points": 2.0}]},
        {"choices": [{"item": 7, "points": None}]},
        {"choices": [{"item": 7, "points": 1001}]},
        {"choices": [{"item": 7, "rank": 0}]},
        {"choices": [{"item": True}]},
        {"choices": [{"points": 1}]},
        {"choices": {"item": 7}},
        {"choice": []},
        [],
    ],
)
def test_anything_else_goes_to_the_serializer(data: Any) -> None:
    assert ballot_choices_plain(data) is None


@pytest.mark.parametrize("replaced", [True, False])
@pytest.mark.parametrize("channel", [Channel.WEB, Channel.DESK, "web"])
def test_receipt_is_what_the_serializer_makes(replaced: bool, channel: str) -> None:
    receipt = Receipt(code="ABCD-EFGH-JKLM", budget_id=12, replaced=replaced, channel=channel)
    expected = ReceiptSerializer(
        {
            "receipt": receipt.code,
            "budget": receipt.budget_id,
            "replaced": receipt.replaced,
            "channel": receipt.channel,
        }
    ).data
    payload = receipt_payload(receipt)
    assert payload == expected
    assert json.dumps(payload) == json.dumps(expected)


def test_the_api_still_converts_and_refuses_as_the_serializer_does(city: CityFixture) -> None:
    pb = build_round(city)
    client = Client()
    client.force_login(city.people["resident"])
    url = f"/api/v1/budgets/{pb.city_budget.pk}/ballot/"
    park = pb.city_items[0].pk
    converted = client.put(url, {"choices": [{"item": str(park)}]}, content_type="application/json")
    assert converted.status_code == 200, converted.json()
    assert set(converted.json()) == {"receipt", "budget", "replaced", "channel"}
    refused = client.put(
        url, {"choices": [{"item": park, "points": 1001}]}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert any(e["field"] == "choices.0.points" for e in refused.json()["errors"])
