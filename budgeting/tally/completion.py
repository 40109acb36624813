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
from budgeting.tally.mes_runs import Run, certified_rounds, run_at, same_between, selections
from budgeting.tally.outcome import Outcome
from budgeting.tally.profile import IntArray, Profile

#: the longest stride of start budgets looked at at once
STRIDE = 4096
#: start budgets run one by one are run this many at a time
CHUNK = 32
#: the first stride, and the stride tried again after units run one by one
PROBE = 8

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
    fundable project) is found by :func:`_first_stop`, which skips intervals of start
    budgets certified to select what both their ends select."""
    profile = data.profile
    n = profile.num_voters
    budget = profile.budget
    fundable = frozenset(data.candidates)
    if fundable <= _alone(data, rank, budget / n):
        return _explained_at(data, rank, budget / n, 1)
    base = math.floor(budget / n)
    cost = _coster(profile)

    def over(chosen: frozenset[int]) -> bool:
        return cost(chosen) > budget

    def stops(chosen: frozenset[int]) -> bool:
        return over(chosen) or fundable <= chosen

    k, chosen, work = _first_stop(data, rank, lambda k: Fraction(base + k), 1, stops)
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

    k, chosen, work = _first_stop(data, rank, lambda k: start + k, 0, stops)
    if cost(chosen) <= budget:  # exhaustive: the loop returns this outcome
        return _explained_at(data, rank, start + k, work)
    if k == 0:  # only free projects can be kept
        free = sorted(data.free, key=lambda j: int(rank[j]))
        kept = Outcome(selected=[profile.project_ids[j] for j in free], cost=Fraction(0))
        kept.details["completion_runs"] = work
        return kept
    return _explained_at(data, rank, start + k - 1, work)


def _first_stop(
    data: MesData,
    rank: IntArray,
    budget_at: Callable[[int], Fraction],
    first: int,
    stops: Callable[[frozenset[int]], bool],
) -> tuple[int, frozenset[int], int]:
    """The least ``k >= first`` at which the loop stops (``stops`` is true on the
    selection at ``budget_at(k)``), that selection, and how many runs it took.

    Start budgets are gone through in strides (``PROBE`` units at first, twice as many
    after a stride that needed runs for at most half of its units, up to ``STRIDE``). Both ends
    of a stride are run; when their records certify that every start budget between
    them selects what they select (:func:`.mes_runs.same_between`), the stride is done,
    otherwise its middle is run, told which first rounds the ends certify, and each half
    is looked at in turn. Where a stride needed more runs, the selection changes every
    few units: the next units are run one by one, without records (cheaper), ``CHUNK``
    of them and twice as many each time this happens again in a row, ``CHUNK`` at a time,
    and a stride of ``PROBE`` units is tried again. Every
    start budget is either run or certified, so the first stop is the stepwise loop's."""
    cap = data.profile.budget
    work = 0

    def run(
        k: int, above: Run | None, forced: int = 0, below: Run | None = None
    ) -> tuple[Run, frozenset[int]]:
        nonlocal work
        work += 1
        found = run_at(data, rank, budget_at(k), cap, above, forced, below)
        if found.certain:
            return found, frozenset(found.order)
        return found, _alone(data, rank, budget_at(k))

    def scan(
        low: tuple[int, Run], high: tuple[int, Run, frozenset[int]], known: int = 0
    ) -> tuple[int, frozenset[int]] | None:
        """The first stop in ``(low, high]``; the first ``known`` rounds go the same way
        at every start budget in it."""
        k_low, run_low = low
        k_high, run_high, _ = high
        if k_high - k_low > 1 and not same_between(run_low, run_high, known):
            known = certified_rounds(run_low, run_high, known)
            k_mid = (k_low + k_high) // 2
            run_mid, chosen_mid = run(k_mid, run_high, known, run_low)
            return scan(low, (k_mid, run_mid, chosen_mid), known) or scan(
                (k_mid, run_mid), high, known
            )
        return last(high)

    def last(high: tuple[int, Run, frozenset[int]]) -> tuple[int, frozenset[int]] | None:
        return (high[0], high[2]) if stops(high[2]) else None

    def straight(k_low: int, k_high: int) -> tuple[int, frozenset[int]] | None:
        """The first stop strictly between ``k_low`` and ``k_high``, each start budget
        run (plain runs: no record)."""
        nonlocal work
        budgets = [budget_at(k) for k in range(k_low + 1, k_high)]
        found = selections(data, rank, budgets, cap=cap)
        for k, per_voter, chosen in zip(range(k_low + 1, k_high), budgets, found, strict=True):
            work += 1
            if chosen is None:
                chosen = _alone(data, rank, per_voter)
            if stops(chosen):
                return k, chosen
        return None

    run_low, chosen = run(first, None)
    if stops(chosen):
        return first, chosen, work
    k, stride, plain = first, PROBE, CHUNK
    while True:
        before = work
        run_high, chosen = run(k + stride, None)
        stop = scan((k, run_low), (k + stride, run_high, chosen))
        if stop is not None:
            return stop[0], stop[1], work
        k, run_low = k + stride, run_high
        if work - before <= stride // 2:
            stride, plain = min(2 * stride, STRIDE), CHUNK
            continue
        # the selection changes every few units here: the next units are run one by one
        # (plain runs), more of them each time strides keep failing, a chunk at a time
        # (the first stop ends the search: no run far beyond it)
        for _ in range(plain // CHUNK):
            stop = straight(k, k + CHUNK + 1)
            if stop is not None:
                return stop[0], stop[1], work
            k += CHUNK
        run_low, _ = run(k, None)
        stride, plain = PROBE, 2 * plain


def _alone(data: MesData, rank: IntArray, per_voter: Fraction) -> frozenset[int]:
    """The selection at one start budget (compiled; exact arithmetic where uncertain)."""
    found = selections(data, rank, [per_voter])[0]
    if found is not None:
        return found
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
