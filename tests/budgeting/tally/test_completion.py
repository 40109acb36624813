"""The budget-increase completions jump over certified intervals; they must give exactly
the stepwise definition's result (kept in :mod:`.stepwise`)."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Profile, first_stop, parse_file
from budgeting.tally.completion import add1_official, add1_pabutools
from budgeting.tally.equal_shares import MesData, Satisfaction
from budgeting.tally.tiebreak import TieBreak, tie_ranks

from .conftest import DATA
from .stepwise import stepwise_add1, stepwise_add1_pabutools
from .test_pabutools_parity import profiles

# instances whose stepwise reference takes a few dozen runs (Mechanical Turk files take
# thousands of stepwise runs; they match too, checked by hand, but cost minutes)
SMALL = [
    "Netherlands_Assen_2024.pb",
    "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb",
    "Switzerland_Zurich_D10.pb",
    "Switzerland_Zurich_SN.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
]


def _check(profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, tie_break)
    selected, per_voter = stepwise_add1(data, rank)
    ours = add1_official(data, rank)
    assert ours.selected == selected
    assert ours.details["budget_per_voter"] == per_voter
    assert add1_pabutools(data, rank).selected == stepwise_add1_pabutools(data, rank)


@pytest.mark.parametrize("name", SMALL)
@pytest.mark.parametrize("tie_break", ["lexico", "cost-votes"])
def test_completion_equals_stepwise_on_instances(name: str, tie_break: TieBreak) -> None:
    profile = parse_file(DATA / name)
    satisfactions: tuple[Satisfaction, ...] = ("cost", "card", "additive")
    for satisfaction in satisfactions:
        if satisfaction == "cost" and name == "Netherlands_Assen_2024.pb":
            continue  # 750 stepwise runs: covered by the city test against the file
        _check(profile, satisfaction, tie_break)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(["cost", "card"]), st.sampled_from(["lexico", "cost-votes"]))
def test_completion_equals_stepwise_on_random_profiles(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak
) -> None:
    _check(profile, satisfaction, tie_break)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles("cumulative"), st.sampled_from(["lexico", "cost-votes"]))
def test_additive_completion_equals_stepwise(profile: Profile, tie_break: TieBreak) -> None:
    _check(profile, "additive", tie_break)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.sampled_from(["cost", "card"]), st.sampled_from(["lexico", "cost-votes"]))
def test_completion_in_parallel_parts_equals_stepwise(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak
) -> None:
    """Every stride of two units or more is cut into parts looked at in threads."""
    with mock.patch.object(first_stop, "SPLIT", 2), mock.patch.object(first_stop, "THREADS", 2):
        _check(profile, satisfaction, tie_break)


def test_threads_find_what_one_thread_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Assen's wide strides are cut into parts scanned in other threads; one thread alone
    finds the same stop."""
    profile = parse_file(DATA / "Netherlands_Assen_2024.pb")
    data = MesData.build(profile, "cost")
    rank = tie_ranks(profile, "lexico")
    scanned_in: set[str] = set()
    scan = first_stop._Search.scan

    def spy(self: first_stop._Search, *args: object) -> object:
        scanned_in.add(threading.current_thread().name)
        return scan(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(first_stop._Search, "scan", spy)
    monkeypatch.setattr(first_stop, "THREADS", 2)
    parallel = add1_official(data, rank)
    assert scanned_in - {threading.main_thread().name}
    monkeypatch.setattr(first_stop, "THREADS", 1)
    alone = add1_official(data, rank)
    assert parallel.selected == alone.selected
    assert parallel.details["budget_per_voter"] == alone.details["budget_per_voter"]
