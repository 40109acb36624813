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
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction

import numpy as np

from budgeting.tally.equal_shares import MesData, equal_shares
from budgeting.tally.greedy import Key, greedy
from budgeting.tally.mes_batch import batch_rows, equal_shares_batch
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
    """The official ``add1`` completion: exactly the stepwise loop, with the runs at
    ``base + 1, base + 2, ...`` computed a batch at a time (:mod:`.mes_batch`); a batch
    is scanned in order and the scan stops where the stepwise loop would."""
    profile = data.profile
    n = profile.num_voters
    budget = profile.budget
    fundable = set(data.candidates)
    outcome = equal_shares(data, rank, budget / n, explain=False)
    if fundable <= _indices(profile, outcome):
        return _explained(data, rank, outcome, 1)
    base = math.floor(budget / n)
    per_voter = budget / n
    runs = 1
    cost = _coster(profile)
    for start_k, selections in _batches(data, rank, lambda k: Fraction(base + k), first=1):
        for offset, chosen in enumerate(selections):
            runs += 1
            if cost(chosen) > budget:
                return _explained_at(data, rank, per_voter, runs)
            per_voter = Fraction(base + start_k + offset)
            if fundable <= chosen:
                return _explained_at(data, rank, per_voter, runs)
    raise AssertionError("unreachable")  # pragma: no cover


def add1_pabutools(data: MesData, rank: IntArray) -> Outcome:
    """pabutools' ``voter_budget_increment=1`` (from ``B/n`` per voter, one more unit
    per voter until the outcome is exhaustive or over budget), computed in batches."""
    profile = data.profile
    budget = profile.budget
    start = budget / profile.num_voters
    previous: Fraction | None = None
    runs = 0
    cost = _coster(profile)
    for start_k, selections in _batches(data, rank, lambda k: start + k, first=0):
        for offset, chosen in enumerate(selections):
            runs += 1
            per_voter = start + start_k + offset
            if cost(chosen) > budget:
                if previous is None:  # only free projects can be kept
                    free = sorted(data.free, key=lambda j: int(rank[j]))
                    kept = Outcome(
                        selected=[profile.project_ids[j] for j in free], cost=Fraction(0)
                    )
                    kept.details["completion_runs"] = runs
                    return kept
                return _explained_at(data, rank, previous, runs)
            if _exhaustive(profile, chosen, data.candidates, budget - cost(chosen)):
                return _explained_at(data, rank, per_voter, runs)
            previous = per_voter
    raise AssertionError("unreachable")  # pragma: no cover


def _batches(
    data: MesData, rank: IntArray, budget_at: Callable[[int], Fraction], first: int
) -> Iterator[tuple[int, list[frozenset[int]]]]:
    """Selections (project indices) at ``budget_at(k)`` for ``k = first, first + 1, ...``,
    in batches of growing size; a start budget the batch gives up on is run alone. A
    selection that costs more than the budget may be only its first part (all the loops
    need to know of it is that it costs too much)."""
    k = first
    size = 8
    most = batch_rows(data)
    while True:
        budgets = [budget_at(k + i) for i in range(size)]
        found = equal_shares_batch(data, rank, budgets, cap=data.profile.budget)
        selections = [
            chosen if chosen is not None else _alone(data, rank, budgets[i])
            for i, chosen in enumerate(found)
        ]
        yield k, selections
        k += size
        size = min(2 * size, most)


def _alone(data: MesData, rank: IntArray, per_voter: Fraction) -> frozenset[int]:
    outcome = equal_shares(data, rank, per_voter, explain=False)
    return frozenset(data.profile.index_of[p] for p in outcome.selected)


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


def _exhaustive(
    profile: Profile, chosen: frozenset[int], available: Sequence[int], left: Fraction
) -> bool:
    return not any(j not in chosen and profile.costs[j] <= left for j in available)
