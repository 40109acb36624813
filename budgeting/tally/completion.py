"""Completing Equal Shares: budget increase (two conventions), greedy fill, comparison.

``add1`` is the official convention (equalshares.net, pabulib-checker): with ``n``
voters and budget ``B``, the outcome at ``B`` is replaced by the outcome at virtual
budgets ``floor(B/n)*n + k*n`` for ``k = 1, 2, ...`` as long as that outcome still
costs at most ``B``; the first one that does not stops the loop. The loop also stops
once every fundable project is selected (more money cannot change anything).

``add1-pabutools`` is pabutools' ``voter_budget_increment=1``: start at ``B/n`` per
voter, add 1 per voter until the outcome is exhaustive (return it) or over budget
(return the previous one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from budgeting.tally.equal_shares import MesData, equal_shares
from budgeting.tally.greedy import Key, greedy
from budgeting.tally.outcome import Outcome
from budgeting.tally.profile import IntArray, Profile

COMPLETIONS = (
    "none",
    "add1",
    "add1-greedy",
    "add1-comparison",
    "add1-pabutools",
    "add1-pabutools-greedy",
)


def add1_official(data: MesData, rank: IntArray) -> Outcome:
    profile = data.profile
    n = profile.num_voters
    budget = profile.budget
    run = _cached_runner(data, rank)
    outcome = run(budget / n)
    base = math.floor(budget / n)
    fundable = set(data.candidates)
    runs = 1
    k = 1
    while not fundable <= _indices(profile, outcome):
        nxt = run(Fraction(base + k))
        runs += 1
        if nxt.cost > budget:
            break
        outcome = nxt
        k += 1
    return _explained(data, rank, outcome, runs)


def add1_pabutools(data: MesData, rank: IntArray) -> Outcome:
    profile = data.profile
    budget = profile.budget
    per_voter = budget / profile.num_voters
    run = _cached_runner(data, rank)
    previous: Outcome | None = None
    runs = 0
    while True:
        outcome = run(per_voter)
        runs += 1
        if outcome.cost > budget:
            if previous is None:  # only free projects can be kept
                previous = Outcome(
                    selected=[
                        profile.project_ids[j]
                        for j in sorted(data.free, key=lambda j: int(rank[j]))
                    ],
                    cost=Fraction(0),
                )
            return _explained(data, rank, previous, runs)
        if _exhaustive(profile, outcome, data.candidates):
            return _explained(data, rank, outcome, runs)
        per_voter += 1
        previous = outcome


def _explained(data: MesData, rank: IntArray, outcome: Outcome, runs: int) -> Outcome:
    per_voter = outcome.details.get("budget_per_voter")
    if isinstance(per_voter, Fraction):
        outcome = equal_shares(data, rank, per_voter, explain=True)
    outcome.details["completion_runs"] = runs
    return outcome


def greedy_fill(profile: Profile, outcome: Outcome, keys: Sequence[Key], rank: IntArray) -> Outcome:
    """Fill the budget left by ``outcome`` greedily (pabutools' rule combination)."""
    initial = [profile.index_of[p] for p in outcome.selected]
    filled = greedy(profile, keys, rank, initial=initial)
    filled.steps = outcome.steps + [s for s in filled.steps if s.action == "selected"]
    filled.details = dict(outcome.details)
    filled.details["greedy_added"] = len(filled.selected) - len(outcome.selected)
    return filled


def compare_with_greedy(profile: Profile, outcome: Outcome, plain: Outcome) -> Outcome:
    """Keep ``plain`` (greedy) only if more voters fund more of their projects with it."""
    mes_count = _funded_per_voter(profile, outcome.selected)
    greedy_count = _funded_per_voter(profile, plain.selected)
    prefer_mes = int((mes_count > greedy_count).sum())
    prefer_greedy = int((greedy_count > mes_count).sum())
    chosen = plain if prefer_greedy > prefer_mes else outcome
    chosen.details = dict(chosen.details)
    chosen.details.update(
        {
            "prefer_equal_shares": prefer_mes,
            "prefer_greedy": prefer_greedy,
            "comparison_winner": "greedy" if chosen is plain else "equal-shares",
        }
    )
    return chosen


def _funded_per_voter(profile: Profile, selected: Sequence[str]) -> IntArray:
    funded = np.zeros(profile.num_projects, dtype=bool)
    funded[[profile.index_of[p] for p in selected]] = True
    hits = funded[profile.indices].astype(np.int64)
    counts = np.zeros(profile.num_voters, dtype=np.int64)
    np.add.at(counts, profile.voter_of_entry, hits)
    return counts


def _indices(profile: Profile, outcome: Outcome) -> set[int]:
    return {profile.index_of[p] for p in outcome.selected}


def _exhaustive(profile: Profile, outcome: Outcome, available: Sequence[int]) -> bool:
    chosen = _indices(profile, outcome)
    left = profile.budget - outcome.cost
    return not any(j not in chosen and profile.costs[j] <= left for j in available)


def _cached_runner(data: MesData, rank: IntArray) -> Callable[[Fraction], Outcome]:
    cache: dict[Fraction, Outcome] = {}

    def run(per_voter: Fraction) -> Outcome:
        if per_voter not in cache:
            cache[per_voter] = equal_shares(data, rank, per_voter, explain=False)
        return cache[per_voter]

    return run
