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
from budgeting.tally.first_stop import alone, first_stop
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
    """The official ``add1`` completion: exactly the stepwise loop. Its first stop (a
    start budget ``base + k`` whose outcome costs more than the budget, or funds every
    fundable project) is found by :func:`.first_stop.first_stop`, which skips intervals
    of start budgets certified to select what both their ends select."""
    profile = data.profile
    n = profile.num_voters
    budget = profile.budget
    fundable = frozenset(data.candidates)
    if fundable <= alone(data, rank, budget / n):
        return _explained_at(data, rank, budget / n, 1)
    base = math.floor(budget / n)
    cost = _coster(profile)

    def over(chosen: frozenset[int]) -> bool:
        return cost(chosen) > budget

    def stops(chosen: frozenset[int]) -> bool:
        return over(chosen) or fundable <= chosen

    # a selection within the budget that leaves a fundable project out does not stop
    k, chosen, work = first_stop(
        data, rank, lambda k: Fraction(base + k), 1, stops, settle="within"
    )
    if not over(chosen):  # every fundable project is funded: the loop ends here
        return _explained_at(data, rank, Fraction(base + k), work + 1)
    return _explained_at(data, rank, Fraction(base + k - 1) if k > 1 else budget / n, work + 1)


def add1_pabutools(data: MesData, rank: IntArray) -> Outcome:
    """pabutools' ``voter_budget_increment=1`` (from ``B/n`` per voter, one more unit
    per voter until the outcome is exhaustive or over budget), found as in ``add1``."""
    profile = data.profile
    budget = profile.budget
    start = budget / profile.num_voters
    cost = _coster(profile)

    def stops(chosen: frozenset[int]) -> bool:
        spent = cost(chosen)
        return spent > budget or _exhaustive(profile, chosen, data.candidates, budget - spent)

    # nor does one that leaves out a candidate fitting in what is left of the budget
    k, chosen, work = first_stop(data, rank, lambda k: start + k, 0, stops, settle="room")
    if cost(chosen) <= budget:  # exhaustive: the loop returns this outcome
        return _explained_at(data, rank, start + k, work)
    if k == 0:  # only free projects can be kept
        free = sorted(data.free, key=lambda j: int(rank[j]))
        kept = Outcome(selected=[profile.project_ids[j] for j in free], cost=Fraction(0))
        kept.details["completion_runs"] = work
        return kept
    return _explained_at(data, rank, start + k - 1, work)


def _coster(profile: Profile) -> Callable[[frozenset[int]], Fraction]:
    """The total cost of a set of projects (the few distinct sets recur: memoised)."""
    memo: dict[frozenset[int], Fraction] = {}

    def cost(chosen: frozenset[int]) -> Fraction:
        if chosen not in memo:
            memo[chosen] = sum((profile.costs[j] for j in chosen), Fraction(0))
        return memo[chosen]

    return cost


def _explained_at(data: MesData, rank: IntArray, per_voter: Fraction, runs: int) -> Outcome:
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


def _exhaustive(
    profile: Profile, chosen: frozenset[int], available: Sequence[int], left: Fraction
) -> bool:
    return not any(j not in chosen and profile.costs[j] <= left for j in available)
