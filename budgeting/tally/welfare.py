"""Maximum utilitarian welfare: the exact knapsack (pabutools'
``max_additive_utilitarian_welfare``).

Utilities are integers (approvals, points or Borda scores), so a dynamic programme over
welfare values ("least cost to reach welfare v") is exact and takes
``projects x total welfare`` steps, vectorised with NumPy. Among the sets of maximum
welfare the cheapest is chosen; pabutools leaves this tie to its ILP solver.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from budgeting.tally.outcome import Outcome, Step
from budgeting.tally.profile import IntArray, Profile


def max_welfare(profile: Profile, scores: IntArray, rank: IntArray) -> Outcome:
    costs = profile.costs
    budget = profile.budget
    m = profile.num_projects
    free = [j for j in range(m) if costs[j] == 0 and scores[j] > 0]
    items = [j for j in range(m) if costs[j] > 0 and scores[j] > 0 and costs[j] <= budget]
    # highest priority last, so that the reconstruction decides it first
    items.sort(key=lambda j: -int(rank[j]))
    denom = math.lcm(1, budget.denominator, *(costs[j].denominator for j in items))
    icost = [int(costs[j] * denom) for j in items]
    cap = int(budget * denom)
    values = [int(scores[j]) for j in items]
    total = sum(values)
    if sum(icost) >= 2**62:
        raise ValueError("costs too large for the exact knapsack")
    big = np.int64(2**62)
    dp = np.full(total + 1, big, dtype=np.int64)
    dp[0] = 0
    take = []
    reach = 0
    for c, v in zip(icost, values, strict=True):
        reach += v
        cand = dp[: reach - v + 1] + c
        cur = dp[v : reach + 1]
        better = cand < cur
        cur[better] = cand[better]
        take.append((v, np.packbits(better)))
    best_v = int(np.flatnonzero(dp <= cap).max())
    chosen: list[int] = []
    v = best_v
    for idx in range(len(items) - 1, -1, -1):
        val, bits = take[idx]
        pos = v - val
        if (
            pos >= 0
            and pos < len(bits) * 8
            and np.unpackbits(bits[pos // 8 : pos // 8 + 1])[pos % 8]
        ):
            chosen.append(items[idx])
            v -= val
    assert v == 0
    chosen = free + sorted(chosen, key=lambda j: int(rank[j]))
    spent = sum((costs[j] for j in chosen), Fraction(0))
    return Outcome(
        selected=[profile.project_ids[j] for j in chosen],
        cost=spent,
        steps=[
            Step(
                profile.project_ids[j],
                "selected",
                "part of a maximum-welfare set",
                {"score": int(scores[j])},
            )
            for j in chosen
        ],
        details={"welfare": sum(int(scores[j]) for j in chosen)},
    )
