"""Greedy rules: pabutools' ``greedy_utilitarian_welfare`` and the pabulib city variants.

Projects are ranked by an exact key (a :class:`~fractions.Fraction`, or infinity for a
free project with supporters), ties by the tie-breaking rank; then taken in that order
while they fit. Every comparison is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import inf
from typing import Literal

from budgeting.tally.outcome import Outcome, Step
from budgeting.tally.profile import IntArray, Profile

#: A cost that pabulib files use for withdrawn projects; greedy-no-skip passes over it.
WITHDRAWN_COST = Fraction(999_999_999)

Key = Fraction | float
Satisfaction = Literal["cost", "card"]


def density_keys(profile: Profile, satisfaction: Satisfaction) -> list[Key]:
    """Total satisfaction per unit of cost, exactly as pabutools computes it.

    Cost satisfaction: total satisfaction ``approvals * cost``, so the key is the
    number of approvals (0 for a free project, whose satisfaction is 0). Cardinality
    satisfaction: ``approvals / cost`` (infinite for a free project with supporters).
    """
    keys: list[Key] = []
    for j, cost in enumerate(profile.costs):
        approvals = int(profile.approvals[j])
        total = approvals * cost if satisfaction == "cost" else Fraction(approvals)
        if total > 0:
            keys.append(total / cost if cost > 0 else inf)
        else:
            keys.append(Fraction(0))
    return keys


def score_keys(scores: IntArray) -> list[Key]:
    return [Fraction(int(s)) for s in scores]


def greedy(
    profile: Profile,
    keys: Sequence[Key],
    rank: IntArray,
    *,
    initial: Sequence[int] = (),
    budget: Fraction | None = None,
    no_skip: bool = False,
    eligible: Sequence[bool] | None = None,
    score_name: str = "score",
) -> Outcome:
    """Take projects by decreasing key (ties: lower ``rank``) while they fit.

    ``initial`` projects are already funded (a completion); ``no_skip`` stops at the
    first project that does not fit (pabulib ``greedy-no-skip``); projects with
    ``eligible[j]`` false are passed over (``greedy-threshold``).
    """
    limit = profile.budget if budget is None else budget
    chosen = list(initial)
    taken = set(chosen)
    spent = sum((profile.costs[j] for j in chosen), Fraction(0))
    order = sorted(
        (j for j in range(profile.num_projects) if j not in taken),
        key=lambda j: (-keys[j], int(rank[j])),
    )
    steps: list[Step] = []
    stopped = False
    for j in order:
        pid = profile.project_ids[j]
        cost = profile.costs[j]
        data = {score_name: keys[j]}
        if stopped:
            steps.append(
                Step(pid, "skipped", "the count stopped at a project that did not fit", data)
            )
        elif eligible is not None and not eligible[j]:
            steps.append(Step(pid, "skipped", "below the vote threshold", data))
        elif spent + cost <= limit:
            chosen.append(j)
            spent += cost
            steps.append(
                Step(pid, "selected", f"fits: {cost} of {limit - spent + cost} left", data)
            )
        elif no_skip and cost == WITHDRAWN_COST:
            steps.append(Step(pid, "skipped", "withdrawn (placeholder cost)", data))
        else:
            steps.append(
                Step(pid, "skipped", f"does not fit: costs {cost}, {limit - spent} left", data)
            )
            if no_skip:
                stopped = True
    return Outcome(
        selected=[profile.project_ids[j] for j in chosen],
        cost=spent,
        steps=steps,
    )
