"""Counting budgets: every ballot type, rules, incompatibilities, paper counts, turnout."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from budgeting.models import (
    Channel,
    Incompatibility,
    PaperBatch,
    PaperCount,
    Phase,
    Project,
    Result,
)
from budgeting.services import results as svc
from budgeting.tally import Profile, tally
from civic.errors import Conflict, DomainError
from civic.notifications.models import Event
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items, roll
from tests.factories import CityFixture, make_user

pytestmark = pytest.mark.django_db


def _lines(result: Result) -> dict[str, tuple[int, bool, int | None]]:
    return {
        line.item.title: (line.votes, line.selected, line.position)
        for line in result.lines.select_related("item")
    }


def test_approval_greedy_most_votes_first(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c, d = make_items(budget, [100, 200, 300, 50])
    for ballot in ([a, b], [b, c], [c], [a, d], [b]):
        cast(budget, ballot)
    result = svc.result_compute(actor=city.people["official"], budget=budget)
    assert _lines(result) == {
        "Proposal 1": (2, True, 2),
        "Proposal 2": (3, True, 1),
        "Proposal 3": (2, False, None),
        "Proposal 4": (1, True, 3),
    }
    assert result.spent == Decimal("350")
    assert result.ballots_counted == 5
    reasons = {line.item.title: line.reason for line in result.lines.select_related("item")}
    assert "300.00" in reasons["Proposal 3"] and "100.00" in reasons["Proposal 3"]
    assert reasons["Proposal 2"].startswith("Funded at step 1")
    assert "most votes" in result.explanation["text"]
    assert result.published_at is None


@pytest.mark.parametrize("ballot_type", ["approval", "knapsack"])
def test_knapsack_ballots_count_as_approval(city: CityFixture, ballot_type: str) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300, ballot_type=ballot_type)
    a, b, c = make_items(budget, [100, 200, 150])
    for ballot in ([a, b], [a, c], [c]):
        cast(budget, ballot)
    data = svc.budget_profile(budget)
    assert data.profile.vote_type == "approval"
    result = svc.result_compute(actor=None, budget=budget)
    assert [line.item for line in result.lines.filter(selected=True)] == [a, c]


def test_single_choice_is_choose_one(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300, ballot_type="single")
    a, b, c = make_items(budget, [100, 200, 150])
    for ballot in ([b], [b], [c], [a]):
        cast(budget, ballot)
    assert svc.budget_profile(budget).profile.vote_type == "choose-1"
    result = svc.result_compute(actor=None, budget=budget)
    assert _lines(result)["Proposal 2"] == (2, True, 1)
    assert _lines(result)["Proposal 3"] == (1, False, None)  # does not fit after 200
    assert _lines(result)["Proposal 1"] == (1, True, 2)


def test_cumulative_points_feed_equal_shares(city: CityFixture) -> None:
    round_ = closed_round(city.organisation, rule="mes-additive", completion="none")
    budget = make_budget(round_, city.areas["north"], amount=300, ballot_type="cumulative")
    a, b, c = make_items(budget, [100, 200, 150])
    ballots = [{a: 5, b: 1}, {b: 3, c: 3}, {c: 6}, {a: 2, c: 4}]
    for ballot in ballots:
        cast(budget, ballot)
    data = svc.budget_profile(budget)
    assert data.profile.vote_type == "cumulative"
    expected = tally(
        Profile.from_ballots(
            [str(a.pk), str(b.pk), str(c.pk)],
            [100, 200, 150],
            300,
            [{str(i.pk): p for i, p in ballot.items()} for ballot in ballots],
            "cumulative",
        ),
        "mes-additive",
        "none",
        tie_break="cost-votes",
    )
    result = svc.result_compute(actor=None, budget=budget)
    chosen = [str(line.item_id) for line in result.lines.filter(selected=True).order_by("position")]
    assert chosen == expected.selected
    scores = {line.item_id: line.score for line in result.lines.all()}
    assert scores == {a.pk: 7, b.pk: 4, c.pk: 13}


def test_ranking_keeps_the_order_of_preference(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300, ballot_type="ranking")
    a, b, c = make_items(budget, [100, 200, 150])
    cast(budget, [c, a, b], ranked=True)
    data = svc.budget_profile(budget)
    assert data.profile.vote_type == "ordinal"
    ids = [data.profile.project_ids[j] for j in data.profile.indices.tolist()]
    assert ids == [str(c.pk), str(a.pk), str(b.pk)]
    result = svc.result_compute(actor=None, budget=budget)
    assert {line.item_id: line.score for line in result.lines.all()} == {a.pk: 2, b.pk: 1, c.pk: 3}


def test_equal_shares_explains_each_step(city: CityFixture) -> None:
    round_ = closed_round(city.organisation, rule="mes-cost", completion="add1")
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c, d = make_items(budget, [100, 200, 300, 50])
    for ballot in ([a, b], [b, c], [c], [a, d], [b]):
        cast(budget, ballot)
    result = svc.result_compute(actor=None, budget=budget)
    steps = [s for s in result.explanation["steps"] if s["action"] == "selected"]
    assert [s["item_id"] for s in steps] == [b.pk, a.pk, d.pk]
    assert all("price" in s and "full_payers" in s for s in steps)
    line = result.lines.get(item=b)
    assert "3 supporters" in line.reason and "equal shares" in line.reason
    assert "Equal Shares" in result.explanation["text"]
    assert result.completion == "add1"


def test_incompatible_proposal_is_dropped_and_explained(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c = make_items(budget, [200, 150, 150])
    Incompatibility.objects.create(first=a, second=b, reason="the same plot")
    for ballot in ([a, b], [a, b], [a], [b, c]):
        cast(budget, ballot)
    result = svc.result_compute(actor=None, budget=budget)
    lines = _lines(result)
    assert lines["Proposal 1"] == (3, True, 1)
    assert lines["Proposal 2"][1] is False
    assert lines["Proposal 3"] == (1, True, 2)  # the freed money goes to the next
    reason = result.lines.get(item=b).reason
    assert "Proposal 1" in reason and "the same plot" in reason
    assert result.explanation["dropped"][0]["item_id"] == b.pk


def _paper(budget, official, second, counts):
    batch = PaperBatch.objects.create(
        budget=budget,
        label="Box 1",
        ballots=sum(counts.values()),
        entered_by=official,
        confirmed_by=second,
        status=PaperBatch.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    for item, votes in counts.items():
        PaperCount.objects.create(batch=batch, item=item, votes=votes)
    return batch


def test_paper_counts_add_votes_for_count_rules(city: CityFixture) -> None:
    round_ = closed_round(city.organisation, rule="greedy-cost")
    budget = make_budget(round_, city.areas["north"], amount=300)
    a, b, c = make_items(budget, [200, 200, 100])
    for ballot in ([a], [a], [b]):
        cast(budget, ballot)
    _paper(budget, city.people["official"], city.people["org_admin"], {b: 4, c: 1})
    pending = PaperBatch.objects.create(
        budget=budget, label="Box 2", ballots=9, entered_by=city.people["official"]
    )
    PaperCount.objects.create(batch=pending, item=a, votes=9)  # not confirmed: not counted
    result = svc.result_compute(actor=None, budget=budget)
    assert _lines(result) == {
        "Proposal 1": (2, False, None),
        "Proposal 2": (5, True, 1),
        "Proposal 3": (1, True, 2),
    }
    assert result.explanation["paper_votes"] == 5
    assert result.ballots_counted == 3 + 5


def test_paper_counts_refused_for_ballot_rules(city: CityFixture) -> None:
    round_ = closed_round(city.organisation, rule="mes-cost")
    budget = make_budget(round_, city.areas["north"], amount=300)
    a, b = make_items(budget, [200, 100])
    cast(budget, [a])
    _paper(budget, city.people["official"], city.people["org_admin"], {b: 4})
    with pytest.raises(DomainError) as error:
        svc.result_compute(actor=None, budget=budget)
    assert error.value.code == "paper_counts_need_count_rule"
    assert "paper" in str(error.value.message)
    assert not Result.objects.filter(budget=budget).exists()


def test_results_wait_for_the_close(city: CityFixture) -> None:
    round_ = closed_round(city.organisation, phase=Phase.VOTING)
    round_.voting_close = timezone.now() + timedelta(days=1)
    round_.save()
    budget = make_budget(round_, city.areas["north"])
    with pytest.raises(Conflict):
        svc.result_compute(actor=None, budget=budget)


def test_turnout_by_area_and_channel_hides_small_cells(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["city"])
    for _ in range(12):
        roll(budget, make_user(), area=city.areas["north"])
    for _ in range(7):
        roll(budget, make_user(), area=city.areas["south"], channel=Channel.PAPER)
    for _ in range(2):
        roll(budget, make_user(), area=city.areas["north-1"], channel=Channel.DESK)
    turnout = svc.budget_turnout(budget)
    assert turnout["voters"] == 21
    channels = {c["key"]: c for c in turnout["by_channel"]}
    assert channels["desk"]["voters"] is None and channels["desk"]["suppressed"]
    # Only one small cell: the next smallest is hidden too, so nothing can be subtracted.
    assert channels["paper"]["voters"] is None
    assert channels["web"]["voters"] == 12
    areas = {c["label"]: c for c in turnout["by_area"]}
    assert areas["North One"]["voters"] is None
    assert areas["South"]["voters"] is None
    assert areas["North"]["voters"] == 12
    assert areas["North"]["share"] == 0.24  # of a population of 5000


def test_publish_creates_projects_and_an_event(city: CityFixture) -> None:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300)
    a, _b = make_items(budget, [200, 200])
    cast(budget, [a])
    svc.result_compute(actor=None, budget=budget)
    result = svc.result_publish(actor=city.people["official"], budget=budget)
    assert result.published_at is not None
    assert list(Project.objects.values_list("item_id", flat=True)) == [a.pk]
    event = Event.objects.get(kind="round.results_published")
    assert event.subject_type == "round" and event.subject_id == round_.pk
    assert event.area_ids == [budget.area_id]
    svc.result_publish(actor=city.people["official"], budget=budget)  # twice: no change
    assert Event.objects.filter(kind="round.results_published").count() == 1
    with pytest.raises(Conflict):
        svc.result_compute(actor=None, budget=budget)


def test_large_budgets_are_counted_in_a_task(
    city: CityFixture, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(svc, "BACKGROUND_BALLOTS", 2)
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300)
    (a,) = make_items(budget, [100])
    for _ in range(3):
        cast(budget, [a])
    with django_capture_on_commit_callbacks(execute=True):
        queued = svc.result_compute_later(actor=None, budget=budget)
    assert queued
    assert Result.objects.get(budget=budget).ballots_counted == 3


@pytest.mark.parametrize(
    "rule",
    [
        "greedy-cost",
        "greedy-card",
        "greedy-no-skip",
        "mes-cost",
        "mes-card",
        "phragmen",
        "max-welfare",
    ],
)
def test_every_rule_produces_a_result(city: CityFixture, rule: str) -> None:
    round_ = closed_round(city.organisation, rule=rule)
    budget = make_budget(round_, city.areas["north"], amount=400)
    a, b, c, d = make_items(budget, [100, 200, 300, 50])
    for ballot in ([a, b], [b, c], [c], [a, d], [b]):
        cast(budget, ballot)
    result = svc.result_compute(actor=None, budget=budget)
    assert result.rule == rule
    assert result.spent <= 400
    assert all(line.reason for line in result.lines.all())
