"""Equal Shares in compiled runs (the budget-increase completions) gives, start budget
by start budget, the set a single run selects; near ties that floating point decides
exactly agree with exact arithmetic."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Profile, parse_file
from budgeting.tally.completion import add1_official, add1_pabutools
from budgeting.tally.equal_shares import MesData, Satisfaction, _run, _Uncertain, equal_shares
from budgeting.tally.mes_runs import (
    Prefixes,
    Run,
    Settle,
    certified_rounds,
    co_support,
    kernel_data,
    run_at,
    same_between,
    selections,
    settled_between,
)
from budgeting.tally.profile import IntArray
from budgeting.tally.tiebreak import TieBreak, tie_ranks

from .conftest import DATA
from .stepwise import stepwise_add1, stepwise_add1_pabutools
from .test_pabutools_parity import profiles

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
budgets = st.lists(
    st.fractions(min_value=0, max_value=25, max_denominator=6), min_size=1, max_size=12
)


#: an interval of start budgets: its low end and its width
lows = st.fractions(min_value=0, max_value=12, max_denominator=4)
widths = st.fractions(min_value=Fraction(1, 8), max_value=8, max_denominator=8)


def _single(data: MesData, rank: IntArray, per_voter: Fraction) -> frozenset[int]:
    outcome = equal_shares(data, rank, per_voter, explain=False)
    return frozenset(data.profile.index_of[p] for p in outcome.selected)


def _check_batch(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak, starts: list[Fraction]
) -> int:
    """Compares every start budget with a single run; returns how many were decided."""
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, tie_break)
    found = selections(data, rank, starts)
    assert len(found) == len(starts)
    for per_voter, chosen in zip(starts, found, strict=True):
        if chosen is not None:
            assert chosen == _single(data, rank, per_voter), per_voter
    return sum(chosen is not None for chosen in found)


@SETTINGS
@given(
    profiles(),
    st.sampled_from(["cost", "card"]),
    st.sampled_from(["lexico", "cost-votes"]),
    budgets,
)
def test_runs_equal_single_runs(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak, starts: list[Fraction]
) -> None:
    _check_batch(profile, satisfaction, tie_break, starts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles("cumulative"), st.sampled_from(["lexico", "cost-votes"]), budgets)
def test_additive_runs_equal_single_runs(
    profile: Profile, tie_break: TieBreak, starts: list[Fraction]
) -> None:
    _check_batch(profile, "additive", tie_break, starts)


def test_runs_that_buy_different_projects() -> None:
    """Start budgets whose runs buy different projects, and some that buy the same
    projects in another order, in one call."""
    ids = ["a", "b", "c", "d", "e"]
    ballots = [["a", "b"], ["a", "c"], ["b", "c", "d"], ["d", "e"], ["e"], ["a", "e"], ["c"]]
    profile = Profile.from_ballots(ids, [3, 4, 5, 6, 2], 20, ballots, "approval")
    starts = [Fraction(k, 4) for k in range(1, 40)]
    for satisfaction in ("cost", "card"):
        # a few start budgets make a project exactly affordable: those run on their own
        assert _check_batch(profile, satisfaction, "lexico", starts) >= len(starts) - 4
    data = MesData.build(profile, "cost")
    rank = tie_ranks(profile, "lexico")
    assert len({_single(data, rank, t) for t in starts}) > 3


def test_runs_on_an_empty_list_free_projects_and_no_candidates() -> None:
    profile = Profile.from_ballots(["a", "b", "c"], [0, 5, 2], 4, [[], ["a", "c"]], "approval")
    for satisfaction in ("cost", "card"):
        data = MesData.build(profile, satisfaction)
        rank = tie_ranks(profile, "lexico")
        assert selections(data, rank, []) == []
        starts = [Fraction(0), Fraction(1), Fraction(3)]
        assert selections(data, rank, starts) == [_single(data, rank, t) for t in starts]
    # with cardinality satisfaction the free project is bought, "c" once it is affordable
    data = MesData.build(profile, "card")
    assert selections(data, tie_ranks(profile, "lexico"), [Fraction(3)]) == [frozenset({0, 2})]


# Toulouse 2022: from about 1,835 per voter on, two projects tie exactly in some round
# (each at 1/29 of its cost per supporter: every supporter still holding money pays in
# full and one of the 30 supporters of the first holds nothing).
TOULOUSE = DATA / "France_Toulouse_2022.pb.gz"


@pytest.fixture(scope="module")
def toulouse() -> tuple[MesData, IntArray]:
    profile = parse_file(TOULOUSE)
    return MesData.build(profile, "cost"), tie_ranks(profile, "lexico")


def test_float_mode_decides_exact_ties_as_exact_arithmetic(
    toulouse: tuple[MesData, IntArray],
) -> None:
    data, rank = toulouse
    fast = _run(data, rank, Fraction(1866), exact=False, explain=False)
    assert fast.details["ties_decided"] > 0
    exact = _run(data, rank, Fraction(1866), exact=True, explain=False)
    assert fast.selected == exact.selected


def test_runs_decide_exact_ties(toulouse: tuple[MesData, IntArray]) -> None:
    """Sixty consecutive start budgets, run from the largest down, each with the bounds
    of the run above it where both bought the same projects so far."""
    data, rank = toulouse
    starts = [Fraction(t) for t in range(1840, 1900)]
    found = selections(data, rank, starts)
    for per_voter, chosen in zip(starts, found, strict=True):
        assert chosen == _single(data, rank, per_voter)


def test_toulouse_budget_increase_completes(toulouse: tuple[MesData, IntArray]) -> None:
    """The official loop runs 1,618 units per voter (3,383 per voter, the last outcome
    within the budget); it never finished when every unit was a run of its own."""
    data, rank = toulouse
    outcome = add1_official(data, rank)
    assert outcome.details["budget_per_voter"] == 3383
    assert outcome.cost <= data.profile.budget
    over = equal_shares(data, rank, Fraction(3384), explain=False)
    assert over.cost > data.profile.budget
    assert outcome.selected == equal_shares(data, rank, Fraction(3383)).selected


@SETTINGS
@given(profiles(), st.sampled_from(["cost", "card"]), budgets)
def test_runs_stop_only_over_the_cap(
    profile: Profile, satisfaction: Satisfaction, starts: list[Fraction]
) -> None:
    """With a cap a run may stop early, but only once what it bought costs more."""
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, "lexico")
    cap = profile.budget / 2
    for per_voter, chosen in zip(starts, selections(data, rank, starts, cap=cap), strict=True):
        if chosen is None:
            continue
        whole = _single(data, rank, per_voter)
        assert chosen <= whole
        if chosen != whole:
            assert sum((profile.costs[j] for j in chosen), Fraction(0)) > cap


@SETTINGS
@given(profiles(), st.sampled_from(["cost", "card"]), st.sampled_from(["lexico", "cost-votes"]))
def test_float_and_exact_runs_agree_with_ties(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak
) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, tie_break)
    for per_voter in (Fraction(1), Fraction(2), profile.budget / profile.num_voters):
        try:
            fast = _run(data, rank, per_voter, exact=False, explain=False)
        except _Uncertain:
            continue
        assert fast.selected == _run(data, rank, per_voter, exact=True, explain=False).selected


def test_completions_on_hand_made_ties() -> None:
    """Identical projects (ties at every budget) and a budget exactly exhausted."""
    ids = ["p1", "p2", "p3", "p4"]
    ballots = [["p1", "p2"], ["p1", "p2"], ["p3"], ["p3", "p4"], ["p4"]]
    profile = Profile.from_ballots(ids, [4, 4, 3, 3], 11, ballots, "approval")
    for tie_break in ("lexico", "cost-votes"):
        data = MesData.build(profile, "cost")
        rank = tie_ranks(profile, tie_break)
        selected, per_voter = stepwise_add1(data, rank)
        ours = add1_official(data, rank)
        assert (ours.selected, ours.details["budget_per_voter"]) == (selected, per_voter)
        assert add1_pabutools(data, rank).selected == stepwise_add1_pabutools(data, rank)


def _order(data: MesData, rank: IntArray, per_voter: Fraction) -> tuple[int, ...]:
    outcome = equal_shares(data, rank, per_voter, explain=False)
    return tuple(data.profile.index_of[p] for p in outcome.selected)


@SETTINGS
@given(
    profiles(),
    st.sampled_from(["cost", "card"]),
    st.fractions(min_value=0, max_value=20, max_denominator=4),
    st.fractions(min_value=Fraction(1, 8), max_value=6, max_denominator=8),
)
def test_a_certified_interval_selects_the_same_everywhere(
    profile: Profile, satisfaction: Satisfaction, low: Fraction, width: Fraction
) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, "lexico")
    cap = sum(profile.costs, Fraction(1))  # no run stops early
    high_run = run_at(data, rank, low + width, cap, None)
    low_run = run_at(data, rank, low, cap, high_run)
    for run, at in ((high_run, low + width), (low_run, low)):
        if run.certain:
            assert run.order == _order(data, rank, at)
    if same_between(low_run, high_run):
        for step in range(1, 8):
            assert _order(data, rank, low + width * step / 8) == low_run.order
    # the certified first rounds go the same way at the budgets between
    certified = certified_rounds(low_run, high_run)
    if certified:
        free = len(data.free)
        won = low_run.order[free : free + certified]
        for step in range(1, 8):
            assert _order(data, rank, low + width * step / 8)[free : free + certified] == won
    # a run between, told that the certified first rounds go the same way (and where
    # every supporter paid in full at the low end)
    known = certified_rounds(low_run, high_run)
    middle = low + width / 2
    mid_run = run_at(data, rank, middle, cap, high_run, known, low_run)
    if mid_run.certain:
        assert mid_run.order == _order(data, rank, middle)
        assert tuple(mid_run.won[:known]) == tuple(low_run.won[:known])


def _skipping(
    data: MesData, rank: IntArray, low: Fraction, high: Fraction, cap: Fraction
) -> list[tuple[Run, Run, int]]:
    """Runs at three start budgets between runs at ``low`` and ``high``, each plainly
    and once it may skip the first rounds paid in full (a run at ``low`` remembered
    them first), with how many rounds it may skip."""
    high_run = run_at(data, rank, high, cap, None, settle="within")
    low_run = run_at(data, rank, low, cap, high_run, settle="within")
    known = certified_rounds(low_run, high_run)
    prefixes = Prefixes()
    run_at(data, rank, low, cap, high_run, known, low_run, "within", prefixes)
    skipped, _ = prefixes.longest(tuple(high_run.won[:known].tolist()))
    found = []
    for step in (1, 2, 3):
        mid = low + (high - low) * step / 4
        plain = run_at(data, rank, mid, cap, high_run, known, low_run, "within")
        skipping = run_at(data, rank, mid, cap, high_run, known, low_run, "within", prefixes)
        found.append((plain, skipping, skipped))
    return found


def _same_run(plain: Run, skipping: Run, skipped: int) -> None:
    assert skipping.certain == plain.certain
    assert skipping.order == plain.order
    assert skipping.rounds == plain.rounds
    assert skipping.won[: plain.rounds].tolist() == plain.won[: plain.rounds].tolist()
    assert skipping.rich[: plain.rounds].tolist() == plain.rich[: plain.rounds].tolist()
    # settling is not checked in the rounds skipped but at the next one, so one run may
    # find a project unaffordable (an infinite bound) in another round than the other
    bounds, known = skipping.bounds[: plain.rounds], plain.bounds[: plain.rounds]
    finite = np.isfinite(known) & np.isfinite(bounds)
    assert np.allclose(bounds[finite], known[finite], rtol=1e-9)
    if plain.settled >= 0:
        assert skipping.settled == max(plain.settled, skipped)
    else:
        assert skipping.settled == -1


@SETTINGS
@given(
    profiles(),
    st.sampled_from(["cost", "card"]),
    lows,
    widths,
)
def test_a_run_that_skips_the_rounds_paid_in_full_runs_the_same(
    profile: Profile, satisfaction: Satisfaction, low: Fraction, width: Fraction
) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, "lexico")
    for plain, skipping, skipped in _skipping(data, rank, low, low + width, profile.budget):
        _same_run(plain, skipping, skipped)


def test_runs_skip_rounds_paid_in_full_on_a_real_instance() -> None:
    profile = parse_file(DATA / "Hungary_Budapest_2024.pb.gz")
    data, rank = MesData.build(profile, "cost"), tie_ranks(profile, "lexico")
    most = 0
    for low in (36_000, 44_000, 52_000):
        for plain, skipping, skipped in _skipping(
            data, rank, Fraction(low), Fraction(low + 8), profile.budget
        ):
            _same_run(plain, skipping, skipped)
            most = max(most, skipped)
    assert most >= 3


def _kept_by(profile: Profile, data: MesData, chosen: frozenset[int], settle: Settle) -> bool:
    """What a settled interval promises of each of its selections."""
    spent = sum((profile.costs[j] for j in chosen), Fraction(0))
    left_out = [j for j in data.candidates if j not in chosen]
    if settle == "within":
        return spent <= profile.budget and bool(left_out)
    return any(spent + profile.costs[j] <= profile.budget for j in left_out)


@SETTINGS
@given(
    profiles(),
    st.sampled_from(["cost", "card"]),
    st.sampled_from(["within", "room"]),
    lows,
    widths,
)
def test_a_settled_interval_selects_within_the_budget_everywhere(
    profile: Profile, satisfaction: Satisfaction, settle: Settle, low: Fraction, width: Fraction
) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, "lexico")
    high_run = run_at(data, rank, low + width, profile.budget, None, settle=settle)
    low_run = run_at(data, rank, low, profile.budget, high_run, settle=settle)
    if high_run.settled >= 0:
        # the set X of the settled run: its own selection, and the promise kept by X
        assert set(high_run.order) <= high_run.inside
        assert _kept_by(profile, data, high_run.inside, settle)
    if settled_between(low_run, high_run):
        for step in range(9):
            chosen = _single(data, rank, low + width * step / 8)
            assert chosen <= high_run.inside, (step, chosen)
            assert _kept_by(profile, data, chosen, settle), (step, chosen)


@SETTINGS
@given(st.one_of(profiles(), profiles("cumulative")))
def test_co_support_weighs_the_voters_two_projects_share(profile: Profile) -> None:
    satisfaction: Satisfaction = "additive" if profile.vote_type == "cumulative" else "cost"
    data = MesData.build(profile, satisfaction)
    groups = data.groups
    co = co_support(data, kernel_data(data, tie_ranks(profile, "lexico")))
    m = profile.num_projects
    utility = np.zeros((groups.num_groups, m), dtype=np.int64)
    for j in range(m):
        gs, ks = groups.supporters(j)
        utility[gs, j] = ks
    weighed = groups.weight[:, None] * utility  # a group's weight times its utility
    expected = weighed.T @ (utility > 0).astype(np.int64)
    assert co.shape == (m, m)
    assert np.array_equal(co, expected.astype(np.float64))


def _holdings_after(data: MesData, per_voter: Fraction, bought: tuple[int, ...]) -> list[Fraction]:
    """What each project's supporters hold after Equal Shares bought ``bought`` in
    that order from ``per_voter`` each, in exact arithmetic."""
    groups = data.groups
    held = [per_voter] * groups.num_groups
    for w in bought:
        gs, ks = (x.tolist() for x in groups.supporters(w))
        weight = [int(groups.weight[g]) for g in gs]
        cost = data.profile.costs[w]
        paid, units = Fraction(0), sum(x * k for x, k in zip(weight, ks, strict=True))
        for p in sorted(range(len(gs)), key=lambda p: held[gs[p]] / ks[p]):
            q = (cost - paid) / units
            if q * ks[p] <= held[gs[p]]:
                break
            paid += weight[p] * held[gs[p]]
            units -= weight[p] * ks[p]
        for g, k in zip(gs, ks, strict=True):
            held[g] = max(held[g] - q * k, Fraction(0))
    holding = [int(groups.weight[g]) * held[g] for g in range(groups.num_groups)]
    return [
        sum((holding[g] for g in groups.supporters(j)[0].tolist()), Fraction(0))
        for j in range(data.profile.num_projects)
    ]


@SETTINGS
@given(
    st.one_of(
        st.tuples(profiles(), st.sampled_from(["cost", "card"])),
        st.tuples(profiles("cumulative"), st.just("additive")),
    ),
    st.sampled_from(["within", "room"]),
    budgets,
)
def test_a_settled_run_leaves_out_only_what_its_supporters_cannot_pay(
    case: tuple[Profile, Satisfaction], settle: Settle, starts: list[Fraction]
) -> None:
    """The bounds a run keeps on what supporters hold (moved round by round, not
    summed again) never leave out of *X* a project its supporters can still pay for."""
    profile, satisfaction = case
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, "lexico")
    for per_voter in starts:
        found = run_at(data, rank, per_voter, profile.budget, None, settle=settle)
        if found.settled < 0:
            continue
        bought = found.order[len(data.free) :][: found.settled]
        held = _holdings_after(data, per_voter, bought)
        for j in data.candidates:
            if j not in found.inside:
                assert held[j] < profile.costs[j], (per_voter, j, bought)


def test_settled_runs_on_a_real_instance_leave_out_only_what_cannot_be_paid() -> None:
    """Dieppe 2018 along its budget increase: rounds where some supporters cannot pay
    their share in full (the bounds must allow for it)."""
    profile = parse_file(DATA / "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb")
    data, rank = MesData.build(profile, "cost"), tie_ranks(profile, "lexico")
    base = profile.budget // profile.num_voters
    settled = 0
    for k in range(0, 400, 7):
        per_voter = Fraction(base + k)
        for settle in ("within", "room"):
            found = run_at(data, rank, per_voter, profile.budget, None, settle=settle)
            if found.settled < 0:
                continue
            settled += 1
            bought = found.order[len(data.free) :][: found.settled]
            held = _holdings_after(data, per_voter, bought)
            for j in data.candidates:
                if j not in found.inside:
                    assert held[j] < profile.costs[j], (k, settle, j)
    assert settled >= 40


def test_settled_intervals_on_a_real_instance() -> None:
    """Budapest 2024, start budgets 400 units apart (some pairs select differently): the
    ends certify that every selection between costs at most the budget; the
    selections checked between do."""
    profile = parse_file(DATA / "Hungary_Budapest_2024.pb.gz")
    data, rank = MesData.build(profile, "cost"), tie_ranks(profile, "lexico")
    settled = differ = 0
    for low in range(36_000, 38_000, 400):
        high_run = run_at(data, rank, Fraction(low + 400), profile.budget, None, settle="within")
        low_run = run_at(data, rank, Fraction(low), profile.budget, high_run, settle="within")
        assert high_run.settled > 0
        if settled_between(low_run, high_run):
            settled += 1
            differ += low_run.order != high_run.order
            for t in (low + 100, low + 300):
                chosen = _single(data, rank, Fraction(t))
                assert chosen <= high_run.inside
                assert _kept_by(profile, data, chosen, "within")
    assert settled >= 3 and differ >= 1
    # without the promise, no run is settled
    assert run_at(data, rank, Fraction(36_000), profile.budget, None).settled == -1


def test_certificates_on_a_real_instance() -> None:
    """Budapest 2024 (a unit per voter is 1/40,000 of a start budget): pairs of start
    budgets ten units apart, most certified, each right at the units checked between."""
    profile = parse_file(DATA / "Hungary_Budapest_2024.pb.gz")
    data, rank = MesData.build(profile, "cost"), tie_ranks(profile, "lexico")
    certified = 0
    for low in range(45_000, 45_100, 10):
        high_run = run_at(data, rank, Fraction(low + 10), profile.budget, None)
        low_run = run_at(data, rank, Fraction(low), profile.budget, high_run)
        assert low_run.order == _order(data, rank, Fraction(low))
        known = certified_rounds(low_run, high_run)
        mid_run = run_at(data, rank, Fraction(low + 5), profile.budget, high_run, known, low_run)
        assert mid_run.order == _order(data, rank, Fraction(low + 5))
        if same_between(low_run, high_run):
            certified += 1
            for t in (low + 3, low + 7):
                assert _order(data, rank, Fraction(t)) == low_run.order
    assert certified >= 5


def test_ties_of_fractional_costs_are_decided_in_integers() -> None:
    """Cardinality satisfaction with costs in halves: "z" (3/2 for 3 supporters) and "a"
    (5/2 for 5) tie at 1/2 per supporter wherever all can pay; on a common denominator
    the tie is exact and the ranks decide it (lexico: "a"), as exact arithmetic does
    (costs cut to integers would make "z" cheaper)."""
    ids = ["z", "a"]
    costs = [Fraction(3, 2), Fraction(5, 2)]
    ballots = [["z", "a"]] * 3 + [["a"]] * 2
    profile = Profile.from_ballots(ids, costs, 4, ballots, "approval")
    data = MesData.build(profile, "card")
    rank = tie_ranks(profile, "lexico")
    fast = _run(data, rank, Fraction(2), exact=False, explain=False)
    assert fast.details["ties_decided"] and fast.selected[0] == "a"
    # start budgets off the exact affordability thresholds (those go to exact runs)
    starts = [Fraction(k, 4) + Fraction(1, 7) for k in range(1, 12)]
    found = selections(data, rank, starts)
    assert all(chosen is not None for chosen in found)
    assert found == [_single(data, rank, t) for t in starts]
    first = run_at(data, rank, Fraction(2), sum(profile.costs, Fraction(1)), None)
    assert first.order[0] == 1  # "a"


def test_ties_too_large_for_integers_go_to_exact_arithmetic() -> None:
    """Costs so large that cost times units could overflow 64 bits: a tied run is left
    uncertain (None), and the exact run decides it."""
    ids = ["a", "b"]
    costs = [10**18, 10**18]
    ballots = [["a", "b"]] * 6
    profile = Profile.from_ballots(ids, costs, 2 * 10**18, ballots, "approval")
    data = MesData.build(profile, "card")
    rank = tie_ranks(profile, "lexico")
    per_voter = profile.budget / profile.num_voters
    assert selections(data, rank, [per_voter]) == [None]
    assert _single(data, rank, per_voter) == frozenset({0, 1})
    assert add1_official(data, rank).selected == ["a", "b"]
