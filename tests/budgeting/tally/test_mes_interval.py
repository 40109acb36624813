"""The proof that the budget-increase loop goes on over a whole stretch of start budgets
(:func:`budgeting.tally.mes_interval.loop_goes_on`) is never wrong: whenever it says
so, a run at every start budget of the stretch (integers and fractions) selects a set on
which the loop goes on. And the completions that skip proven stretches give exactly
the stepwise loop's outcome, including on long loops, ties and exactly spent budgets."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Profile
from budgeting.tally.completion import add1_official, add1_pabutools
from budgeting.tally.equal_shares import MesData, Satisfaction, equal_shares
from budgeting.tally.mes_interval import loop_goes_on
from budgeting.tally.profile import IntArray
from budgeting.tally.tiebreak import TieBreak, tie_ranks

from .stepwise import stepwise_add1, stepwise_add1_pabutools
from .test_pabutools_parity import IDS, profiles

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def long_profiles(draw: st.DrawFn) -> Profile:
    """Costs large against the budget per voter, so the add1 loop takes many steps; few
    distinct costs and ballots, so exact ties and exactly spent budgets are common."""
    m = draw(st.integers(1, len(IDS)))
    ids = IDS[:m]
    unit = draw(st.sampled_from([1, 5, 12]))
    costs = [unit * draw(st.integers(0, 30)) for _ in ids]
    n = draw(st.integers(1, 8))
    budget = draw(st.integers(0, 6 * n))
    ballot = st.lists(st.sampled_from(ids), unique=True, max_size=m)
    shapes = draw(st.lists(ballot, min_size=1, max_size=3))
    ballots = [draw(st.sampled_from(shapes)) for _ in range(n)]
    return Profile.from_ballots(ids, costs, budget, ballots, "approval")


def _selection(data: MesData, rank: IntArray, per_voter: Fraction) -> frozenset[int]:
    outcome = equal_shares(data, rank, per_voter, explain=False)
    return frozenset(data.profile.index_of[p] for p in outcome.selected)


def _check_proof(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak, lo: Fraction, width: int
) -> bool:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, tie_break)
    budget = profile.budget
    fundable = frozenset(data.candidates)

    def goes_on(chosen: frozenset[int]) -> bool:
        spent = sum((profile.costs[j] for j in chosen), Fraction(0))
        return spent <= budget and not fundable <= chosen

    hi = lo + width
    proven = loop_goes_on(data, rank, lo, hi, goes_on, budget)
    if proven:
        points = {lo + Fraction(i, 6) for i in range(6 * width + 1)}
        for per_voter in sorted(points):
            assert goes_on(_selection(data, rank, per_voter)), per_voter
    return proven


@SETTINGS
@given(
    st.one_of(profiles(), long_profiles()),
    st.sampled_from(["cost", "card"]),
    st.sampled_from(["lexico", "cost-votes"]),
    st.fractions(min_value=0, max_value=60, max_denominator=4),
    st.integers(0, 12),
)
def test_proof_holds_at_every_start_budget(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak, lo: Fraction, width: int
) -> None:
    _check_proof(profile, satisfaction, tie_break, lo, width)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profiles("cumulative"),
    st.sampled_from(["lexico", "cost-votes"]),
    st.fractions(min_value=0, max_value=30, max_denominator=4),
    st.integers(0, 8),
)
def test_additive_proof_holds_at_every_start_budget(
    profile: Profile, tie_break: TieBreak, lo: Fraction, width: int
) -> None:
    _check_proof(profile, "additive", tie_break, lo, width)


def test_proof_succeeds_and_fails_where_it_should() -> None:
    """Not vacuous: a stretch where the loop goes on is proven, although "b" is only
    just affordable at its start (2 supporters holding exactly 2); a stretch with a
    start budget (2: 4 voters hold exactly 8) at which "a" becomes affordable and the
    outcome goes over the budget is not."""
    profile = Profile.from_ballots(
        ["a", "b"], [8, 2], 10, [["a", "b"], ["a"], ["a"], ["a", "b"]], "approval"
    )
    data = MesData.build(profile, "cost")
    rank = tie_ranks(profile, "lexico")

    def fits(chosen: frozenset[int]) -> bool:
        return sum((profile.costs[j] for j in chosen), Fraction(0)) <= 7

    # below 2 per voter only "b" is bought; at 2 "a" is, and then "b" is unaffordable
    assert _selection(data, rank, Fraction(1)) == frozenset({1})
    assert _selection(data, rank, Fraction(2)) == frozenset({0})
    assert loop_goes_on(data, rank, Fraction(1), Fraction(199, 100), fits, Fraction(7))
    assert not loop_goes_on(data, rank, Fraction(1), Fraction(2), fits, Fraction(7))
    assert not loop_goes_on(data, rank, Fraction(2), Fraction(2), fits, Fraction(7))


def _check_completions(profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak) -> None:
    data = MesData.build(profile, satisfaction)
    rank = tie_ranks(profile, tie_break)
    selected, per_voter = stepwise_add1(data, rank)
    ours = add1_official(data, rank)
    assert (ours.selected, ours.details["budget_per_voter"]) == (selected, per_voter)
    assert add1_pabutools(data, rank).selected == stepwise_add1_pabutools(data, rank)


@SETTINGS
@given(
    long_profiles(), st.sampled_from(["cost", "card"]), st.sampled_from(["lexico", "cost-votes"])
)
def test_completions_equal_the_stepwise_loop_on_long_loops(
    profile: Profile, satisfaction: Satisfaction, tie_break: TieBreak
) -> None:
    _check_completions(profile, satisfaction, tie_break)


def test_completions_with_identical_projects_and_an_exactly_spent_budget() -> None:
    """Three identical projects (tied at every start budget) and one that 12 voters
    afford at exactly 5 per voter; the budget is spent exactly at some start budgets."""
    ids = ["p1", "p2", "p3", "q"]
    ballots = [["p1", "p2", "p3"]] * 4 + [["q"]] * 6 + [["q", "p1"]] * 2
    profile = Profile.from_ballots(ids, [24, 24, 24, 60], 108, ballots, "approval")
    for satisfaction in ("cost", "card"):
        for tie_break in ("lexico", "cost-votes"):
            _check_completions(profile, satisfaction, tie_break)
