"""Our outcomes equal pabutools 1.2.3's: hypothesis profiles (live) and every test
instance (live when small, else the committed cache of pabutools outcomes)."""

from __future__ import annotations

import functools
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Profile, parse_file, tally
from budgeting.tally.equal_shares import MesData, _run
from budgeting.tally.tiebreak import tie_ranks

from .conftest import DATA, instance_files, instance_name
from .pabutools_ref import reference, reference_welfare

# "10" sorts before "2" as a string: pabutools' lexicographic tie-breaking
IDS = ["1", "2", "10", "a", "B", "b7"]


@st.composite
def profiles(draw: st.DrawFn, vote_type: str = "approval") -> Profile:
    m = draw(st.integers(1, len(IDS)))
    ids = IDS[:m]
    costs = draw(st.lists(st.integers(0, 12), min_size=m, max_size=m))
    budget = draw(st.integers(0, 40))
    n = draw(st.integers(1, 9))
    ballots: list = []
    for _ in range(n):
        # pabutools cannot read an empty cumulative ballot, so those list one project
        least = 1 if vote_type == "cumulative" else 0
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, min_size=least, max_size=m))
        if vote_type == "cumulative":
            ballots.append({pid: draw(st.integers(1, 5)) for pid in chosen})
        else:
            ballots.append(chosen)
    return Profile.from_ballots(ids, costs, budget, ballots, vote_type)


def mes_order(profile: Profile, selected: list[str]) -> tuple[frozenset[str], list[str]]:
    """pabutools buys free projects first in set order: compare those as a set."""
    free = frozenset(p for p in selected if profile.costs[profile.index_of[p]] == 0)
    return free, [p for p in selected if p not in free]


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(profiles())
def test_approval_rules_match_pabutools(profile: Profile) -> None:
    for rule in ("greedy-cost", "greedy-card"):
        assert tally(profile, rule).selected == reference(profile, rule), rule
    for rule in ("mes-cost", "mes-card"):
        ours = mes_order(profile, tally(profile, rule).selected)
        assert ours == mes_order(profile, reference(profile, rule)), rule
    # pabutools returns Phragmén's selection sorted by id, not in selection order
    assert sorted(tally(profile, "phragmen").selected) == reference(profile, "phragmen")


@FAST
@given(profiles())
def test_pabutools_budget_increase_matches(profile: Profile) -> None:
    for rule in ("mes-cost", "mes-card"):
        ours = tally(profile, rule, "add1-pabutools").selected
        assert set(ours) == set(reference(profile, rule + "+add1-pabutools")), rule


@FAST
@given(profiles("cumulative"))
def test_additive_equal_shares_matches(profile: Profile) -> None:
    ours = tally(profile, "mes-additive").selected
    assert mes_order(profile, ours) == mes_order(profile, reference(profile, "mes-additive"))
    assert tally(profile, "greedy-cost").selected == reference(profile, "greedy-cost")


@FAST
@given(profiles())
def test_max_welfare_reaches_the_optimum(profile: Profile) -> None:
    outcome = tally(profile, "max-welfare")
    assert outcome.cost <= profile.budget
    # brute force over all subsets (pabutools' primal/dual solver fails on empty profiles)
    scores = profile.scores(profile.default_utility()).tolist()
    m = profile.num_projects
    best = max(
        sum(scores[j] for j in range(m) if mask >> j & 1)
        for mask in range(1 << m)
        if sum(profile.costs[j] for j in range(m) if mask >> j & 1) <= profile.budget
    )
    assert outcome.details["welfare"] == best
    # pabutools' primal/dual solver needs at least one paid project that fits
    solvable = any(0 < profile.costs[j] <= profile.budget and scores[j] for j in range(m))
    if profile.num_voters and solvable:
        assert outcome.details["welfare"] == reference_welfare(profile)


@FAST
@given(profiles())
def test_float_and_exact_equal_shares_agree(profile: Profile) -> None:
    data = MesData.build(profile, "cost")
    rank = tie_ranks(profile, "lexico")
    t = profile.budget / profile.num_voters
    try:
        fast = _run(data, rank, t, exact=False, explain=False).selected
    except Exception:  # near tie: the float path declines, the exact path decides
        return
    assert fast == _run(data, rank, t, exact=True, explain=False).selected


# ------------------------------------------------------------------ instances
# Every (instance, rule) pair whose pabutools outcome is in the committed cache is
# checked, and only those: a ``null`` entry (pabutools timed out in the cache script)
# checks nothing and is listed in tests/data/pabulib/SOURCES.md; an ``error`` entry
# (the rule does not apply to the ballot type) checks that we refuse it too.
CACHE: dict[str, dict[str, Any]] = json.loads((DATA / "pabutools_outcomes.json").read_text())
MANIFEST: dict[str, list[str]] = json.loads((DATA / "pabutools_manifest.json").read_text())[
    "instances"
]
PATHS = {instance_name(p): p for p in instance_files()}

CHECKED = sorted(
    (name, rule)
    for name, rules in CACHE.items()
    for rule, entry in rules.items()
    if entry is not None and "selected" in entry
)
REFUSED = sorted(
    (name, rule)
    for name, rules in CACHE.items()
    for rule, entry in rules.items()
    if entry is not None and "error" in entry
)
TIMED_OUT = sorted(
    (name, rule) for name, rules in CACHE.items() for rule, entry in rules.items() if entry is None
)


@functools.lru_cache(maxsize=2)  # cases come grouped by instance
def _profile(name: str) -> Profile:
    return parse_file(PATHS[name])


@pytest.mark.parametrize(("name", "rule"), CHECKED, ids=[f"{n}-{r}" for n, r in CHECKED])
def test_instance_matches_pabutools(name: str, rule: str) -> None:
    expected = CACHE[name][rule]
    profile = _profile(name)
    base, _, completion = rule.partition("+")
    outcome = tally(profile, base, completion or "none")
    if rule == "max-welfare":
        assert outcome.cost <= profile.budget
        assert Fraction(outcome.details["welfare"]) == Fraction(expected["welfare"])
    elif "add1" in rule or rule == "phragmen":  # pabutools: set / sorted order
        assert set(outcome.selected) == set(expected["selected"])
    elif rule.startswith("mes"):
        assert mes_order(profile, outcome.selected) == mes_order(profile, expected["selected"])
    else:
        assert outcome.selected == expected["selected"]


@pytest.mark.parametrize(("name", "rule"), REFUSED, ids=[f"{n}-{r}" for n, r in REFUSED])
def test_rules_that_do_not_apply_are_refused(name: str, rule: str) -> None:
    assert CACHE[name][rule] == {"error": "approval only"}
    profile = _profile(name)
    assert not profile.is_approval
    with pytest.raises(ValueError, match="approval"):
        tally(profile, rule)


def test_cache_covers_the_manifest() -> None:
    """The cache may grow, never silently shrink: every pair the manifest lists has a
    pabutools answer (an outcome, or a verdict that the rule does not apply)."""
    assert set(MANIFEST) <= set(PATHS), "manifest names an instance that is not test data"
    missing = [
        (name, rule)
        for name, rules in MANIFEST.items()
        for rule in rules
        if (name, rule) not in CHECKED and (name, rule) not in REFUSED
    ]
    assert not missing, f"the pabutools cache lost {missing}"
    assert len(CHECKED) >= sum(len(r) for r in MANIFEST.values()) - len(REFUSED)


def test_timeouts_are_declared_in_the_data_note() -> None:
    """Pairs where pabutools timed out are not checked; the data note must say which."""
    note = (DATA / "SOURCES.md").read_text()
    undeclared = [(n, r) for n, r in TIMED_OUT if f"`{n}` `{r}`" not in note]
    assert not undeclared, f"timed-out pairs missing from SOURCES.md: {undeclared}"
