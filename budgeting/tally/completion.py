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

from budgeting.tally.equal_shares import MesData, equal_shares, same_between
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
    """The official ``add1`` completion, without rerunning for every unit.

    Stepwise, the outcomes at ``base + 1, base + 2, ...`` are computed until one costs
    more than the budget. Each run certifies (``stable_until``) an interval of start
    budgets over which its outcome cannot change; every integer in it gives the same
    outcome, which the stepwise loop would accept and continue from, so the loop jumps
    to the first integer beyond it. The result is the stepwise one by construction.
    """
    profile = data.profile
    n = profile.num_voters
    budget = profile.budget
    run = _cached_runner(data, rank)
    outcome = run(budget / n)
    base = math.floor(budget / n)
    fundable = set(data.candidates)
    runs = 1
    k = 1
    stride = 1
    last_ok: Fraction | None = None
    while not fundable <= _indices(profile, outcome):
        nxt = run(Fraction(base + k))
        runs += 1
        if nxt.cost > budget:
            break
        outcome = nxt
        if fundable <= _indices(profile, outcome):
            last_ok = None  # the stepwise loop stops here
            break
        # base + k ... base + k_last give this same outcome
        k_last = max(k, math.floor(nxt.details["stable_until"]) - base)
        k_last, stride = _gallop(run, nxt, base, k_last, stride, budget)
        last_ok = Fraction(base + k_last)
        k = k_last + 1
    if last_ok is not None:
        outcome = _at(data, rank, outcome, last_ok)
    return _explained(data, rank, outcome, runs)


def add1_pabutools(data: MesData, rank: IntArray) -> Outcome:
    """pabutools' ``voter_budget_increment=1``, jumping over certified intervals."""
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
        # per_voter + 1, + 2, ... up to the certified end give this same outcome
        steps = max(0, math.floor(outcome.details["stable_until"] - per_voter))
        if steps:
            previous = _at(data, rank, outcome, per_voter + steps)
            per_voter += steps + 1
        else:
            previous = outcome
            per_voter += 1


def _gallop(
    run: Callable[[Fraction], Outcome],
    outcome: Outcome,
    base: int,
    k_last: int,
    stride: int,
    budget: Fraction,
) -> tuple[int, int]:
    """Extend ``base + k_last`` as far as runs certify the same outcome in between
    (:func:`same_between`), doubling the stride on success and halving it on failure.
    Returns the new last integer offset with that outcome and the next stride."""
    low = run(Fraction(base + k_last))
    while stride >= 1:
        high = run(Fraction(base + k_last + stride))
        if high.cost <= budget and same_between(low, high):
            k_last += stride
            low = high
            stride *= 2
        else:
            stride //= 2
    return k_last, 1 if stride < 1 else stride


def _at(data: MesData, rank: IntArray, outcome: Outcome, per_voter: Fraction) -> Outcome:
    """The run at ``per_voter``, inside the certified interval of ``outcome``'s run: the
    same selection (checked), with the figures the stepwise loop would report."""
    again = equal_shares(data, rank, per_voter, explain=False)
    if again.selected != outcome.selected:  # pragma: no cover - the certificate failed
        raise AssertionError("Equal Shares outcome changed inside its certified interval")
    return again


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
