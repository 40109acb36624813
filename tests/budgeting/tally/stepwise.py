"""Straightforward stepwise budget-increase completions (the definitions), kept as the
reference for the engine's jumping implementation."""

from __future__ import annotations

import math
from fractions import Fraction

from budgeting.tally.equal_shares import MesData, equal_shares
from budgeting.tally.outcome import Outcome
from budgeting.tally.profile import IntArray


def stepwise_add1(data: MesData, rank: IntArray) -> tuple[list[str], Fraction]:
    """Official add1: rerun at floor(B/n) + 1, + 2, ... while the outcome fits in B."""
    profile = data.profile
    n, budget = profile.num_voters, profile.budget
    outcome = equal_shares(data, rank, budget / n, explain=False)
    per_voter = budget / n
    base = math.floor(budget / n)
    fundable = set(data.candidates)
    k = 1
    while not fundable <= {profile.index_of[p] for p in outcome.selected}:
        nxt = equal_shares(data, rank, Fraction(base + k), explain=False)
        if nxt.cost > budget:
            break
        outcome, per_voter = nxt, Fraction(base + k)
        k += 1
    return outcome.selected, per_voter


def stepwise_add1_pabutools(data: MesData, rank: IntArray) -> list[str]:
    """pabutools' voter_budget_increment=1: from B/n, +1 until exhaustive or over B."""
    profile = data.profile
    budget = profile.budget
    per_voter = budget / profile.num_voters
    previous: Outcome | None = None
    while True:
        outcome = equal_shares(data, rank, per_voter, explain=False)
        if outcome.cost > budget:
            if previous is None:
                return [profile.project_ids[j] for j in sorted(data.free, key=lambda j: rank[j])]
            return previous.selected
        left = budget - outcome.cost
        chosen = {profile.index_of[p] for p in outcome.selected}
        if not any(j not in chosen and profile.costs[j] <= left for j in data.candidates):
            return outcome.selected
        previous = outcome
        per_voter += 1
