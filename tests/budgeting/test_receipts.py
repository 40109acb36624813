"""Receipt checks, anonymised ballots, and that no export or endpoint leads from a voter
to what they voted."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from budgeting.models import Ballot, Channel, Phase
from budgeting.selectors.results import receipt_check
from budgeting.services.pabulib_io import pabulib_export
from budgeting.services.results import result_compute, result_publish
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items, roll
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(city: CityFixture):
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=400, ballot_type="ranking", rank_top=3)
    a, b, c = make_items(budget, [100, 200, 150])
    codes = [
        cast(budget, [b, a], ranked=True, code="ABCDEFGHJKLM"),
        cast(budget, [c], ranked=True, channel=Channel.DESK),
        cast(budget, [a, c, b], ranked=True),
    ]
    roll(budget, city.people["resident"], area=city.areas["north-1"], channel=Channel.DESK)
    result_compute(actor=None, budget=budget)
    result_publish(actor=None, budget=budget)
    return budget, codes, (a, b, c)


def test_receipt_shows_the_ballot_as_counted(counted) -> None:
    budget, _codes, (a, b, _c) = counted
    check = receipt_check("abcd-efgh-jklm")  # typed as printed, in lower case
    assert check.found and check.public and check.budget == budget
    assert [(c["title"], c["rank"]) for c in check.choices] == [(b.title, 1), (a.title, 2)]
    ballots = list(Ballot.objects.filter(budget=budget).order_by("id"))
    mine = Ballot.objects.get(
        receipt_hash=__import__("hashlib").sha256(b"ABCDEFGHJKLM").hexdigest()
    )
    assert check.number == ballots.index(mine) + 1
    assert not receipt_check("ZZZZ-ZZZZ-ZZZZ").found
    assert not receipt_check("   ").found


def test_receipt_before_the_close_says_stored_only(city: CityFixture) -> None:
    from datetime import timedelta

    from django.utils import timezone

    round_ = closed_round(city.organisation, phase=Phase.VOTING)
    round_.voting_close = timezone.now() + timedelta(days=2)
    round_.save()
    budget = make_budget(round_, city.areas["north"])
    (a,) = make_items(budget, [100])
    code = cast(budget, [a])
    check = receipt_check(code)
    assert check.found and not check.public and check.choices == ()
    assert Client().get(f"/budgeting/results/{budget.pk}/ballots/").status_code == 404
    assert Client().get(f"/api/v1/budgets/{budget.pk}/anonymised-ballots/").status_code == 404


def test_receipt_page_and_api(client: Client, counted) -> None:
    budget, codes, (a, b, _c) = counted
    page = client.post("/budgeting/results/receipt/", {"code": codes[0]})
    assert page.status_code == 200
    text = page.content.decode()
    assert "is counted" in text and b.title in text
    api = client.post(
        "/api/v1/receipts/check/", {"code": codes[0]}, content_type="application/json"
    )
    body = api.json()
    assert body["found"] and body["counted"] and body["budget"] == budget.pk
    assert [c["item"] for c in body["choices"]] == [b.pk, a.pk]
    missing = client.post(
        "/api/v1/receipts/check/", {"code": "nope"}, content_type="application/json"
    ).json()
    assert missing == {
        "found": False,
        "counted": False,
        "budget": None,
        "number": None,
        "choices": [],
    }


def _secrets(budget) -> list[str]:
    values = []
    for ballot in Ballot.objects.filter(budget=budget):
        values += [str(ballot.pk), ballot.voter_key, ballot.receipt_hash]
    return values


def test_no_path_from_voter_to_ballot_contents(client: Client, city: CityFixture, counted) -> None:
    """What the public sees of ballots (page, API, .pb file, result) carries no ballot key,
    voter key, receipt hash, channel or person; the roll holds who, never what."""
    budget, _codes, _items = counted
    resident = city.people["resident"]
    outputs = {
        "page": client.get(f"/budgeting/results/{budget.pk}/ballots/").content.decode(),
        "api": json.dumps(client.get(f"/api/v1/budgets/{budget.pk}/anonymised-ballots/").json()),
        "pb": pabulib_export(budget=budget),
        "api_pb": client.get(f"/api/v1/budgets/{budget.pk}/export.pb").content.decode(),
        "result": json.dumps(client.get(f"/api/v1/budgets/{budget.pk}/result/").json()),
        "results_page": client.get(f"/budgeting/results/{budget.pk}/").content.decode(),
    }
    for name, text in outputs.items():
        for secret in _secrets(budget):
            assert secret not in text, name
        assert resident.email not in text and resident.display_name not in text, name
        if name in ("page", "api", "pb", "api_pb"):  # no channel on any ballot
            assert "desk" not in text.lower() and "web" not in text.lower(), name
    api_rows = client.get(f"/api/v1/budgets/{budget.pk}/anonymised-ballots/").json()["results"]
    assert {tuple(row) for row in api_rows} == {("number", "choices")}
    assert {tuple(sorted(c)) for row in api_rows for c in row["choices"]} == {
        ("item", "points", "rank", "title")
    }
    # The only model links from a ballot lead to its budget and its choices.
    relations = {f.name for f in Ballot._meta.get_fields() if f.is_relation}
    assert relations == {"budget", "choices"}
    # The exported voters are numbered 1..n, not keyed by anything stored.
    votes = pabulib_export(budget=budget).split("VOTES\n", 1)[1].splitlines()[1:]
    assert [line.split(";")[0] for line in votes] == ["1", "2", "3"]


def test_results_turnout_hides_the_lone_desk_voter(counted) -> None:
    budget, _codes, _items = counted
    turnout = budget.result.turnout
    desk = next(c for c in turnout["by_channel"] if c["key"] == "desk")
    assert desk["voters"] is None and desk["suppressed"]
    assert turnout["voters_suppressed"]


def test_receipt_codes_use_every_letter_of_the_alphabet_and_only_those() -> None:
    from collections import Counter

    from budgeting.services.ballots import RECEIPT_ALPHABET, _new_receipt_code

    codes = [_new_receipt_code() for _ in range(2000)]
    assert all(len(code) == 14 and code[4] == code[9] == "-" for code in codes)
    letters = Counter("".join(code.replace("-", "") for code in codes))
    assert set(letters) == set(RECEIPT_ALPHABET)
    # 24,000 letters over 32: each near 750; a biased pick (a letter twice as likely)
    # would stand far outside this band.
    assert all(500 < count < 1000 for count in letters.values()), letters
    assert len(set(codes)) == len(codes)
