"""Sequential Phragmén (pabutools' ``sequential_phragmen``), approval ballots only.

Voters earn virtual money continuously; the first project whose supporters can pay for
it is bought and its supporters' loads are reset to the common new load
``(sum of their loads + cost) / supporters``. The rule stops as soon as a project with
the least new load does not fit in the budget.

Loads take few distinct values (one per bought project), so for each project we keep
how many of its supporters sit at each load level (an integer matrix); new loads are
compared in floating point and every near tie is decided with exact fractions.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from budgeting.tally.outcome import Outcome, Step
from budgeting.tally.profile import IntArray, Profile

TOL = 1e-9


def sequential_phragmen(profile: Profile, rank: IntArray) -> Outcome:
    if not profile.is_approval:
        raise ValueError("sequential Phragmén is defined for approval ballots only")
    groups = profile.grouped("approval")
    m = profile.num_projects
    costs = profile.costs
    approvals = [int(a) for a in profile.approvals]
    budget = profile.budget
    remaining = [j for j in range(m) if costs[j] <= budget]
    levels: list[Fraction] = [Fraction(0)]
    level_f = [0.0]
    counts = np.zeros((m, m + 1), dtype=np.int64)  # supporters of k at load level t
    counts[:, 0] = approvals
    level_of_group = np.zeros(groups.num_groups, dtype=np.int64)
    cost_f = np.asarray([float(c) for c in costs])
    appr_f = np.asarray(approvals, dtype=np.float64)
    selected: list[int] = []
    steps: list[Step] = []
    spent = Fraction(0)

    def exact_load(k: int) -> Fraction | float:
        if approvals[k] == 0:
            return float("inf")
        nz = np.flatnonzero(counts[k, : len(levels)])
        total = sum((int(counts[k, t]) * levels[t] for t in nz.tolist()), Fraction(0))
        return (total + costs[k]) / approvals[k]

    while remaining:
        idx = np.asarray(remaining)
        lf = np.asarray(level_f)
        with np.errstate(divide="ignore", invalid="ignore"):
            loads = (counts[idx, : len(levels)] @ lf + cost_f[idx]) / appr_f[idx]
        loads[appr_f[idx] == 0] = np.inf
        best = float(loads.min())
        if np.isinf(best):
            tied = [int(j) for j in idx]
            best_exact: Fraction | float = float("inf")
        else:
            near = [int(j) for j in idx[loads <= best * (1 + 4 * TOL)]]
            exact = {j: exact_load(j) for j in near}
            best_exact = min(exact.values())
            tied = [j for j, v in exact.items() if v == best_exact]
        misfit = [j for j in tied if spent + costs[j] > budget]
        if misfit:
            for j in misfit:
                steps.append(
                    Step(
                        profile.project_ids[j],
                        "skipped",
                        f"does not fit: costs {costs[j]}, {budget - spent} left; the count stops",
                        {"load": best_exact},
                    )
                )
            break
        winner = min(tied, key=lambda j: int(rank[j]))
        remaining.remove(winner)
        selected.append(winner)
        spent += costs[winner]
        steps.append(
            Step(
                profile.project_ids[winner],
                "selected",
                "its supporters reach its cost with the least maximum load",
                {"load": best_exact},
            )
        )
        if isinstance(best_exact, Fraction):
            t = len(levels)
            levels.append(best_exact)
            level_f.append(float(best_exact))
            gs, _ = groups.supporters(winner)
            old = level_of_group[gs]
            w = groups.weight[gs]
            starts = groups.row_ptr[gs]
            lens = groups.row_ptr[gs + 1] - starts
            entry = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
            proj = groups.row_project[entry]
            np.subtract.at(counts, (proj, np.repeat(old, lens)), np.repeat(w, lens))
            np.add.at(counts, (proj, np.full(len(proj), t)), np.repeat(w, lens))
            level_of_group[gs] = t
    return Outcome(
        selected=[profile.project_ids[j] for j in selected],
        cost=spent,
        steps=steps,
    )
