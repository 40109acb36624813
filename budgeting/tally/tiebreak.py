"""Tie-breaking orders: a rank per project, lower wins."""

from __future__ import annotations

from typing import Literal

import numpy as np

from budgeting.tally.profile import IntArray, Profile

TieBreak = Literal["lexico", "cost-votes", "file-order"]
TIE_BREAKS: tuple[TieBreak, ...] = ("lexico", "cost-votes", "file-order")


def tie_ranks(profile: Profile, tie_break: TieBreak) -> IntArray:
    """``rank[j]``: position of project ``j`` in the tie-breaking order.

    ``lexico`` is pabutools' default: project ids compared as strings ("10" < "2").
    ``cost-votes`` is Equal Shares' official order: lower cost, then more approvals,
    then file order. ``file-order`` keeps the order of the PROJECTS section.
    """
    m = profile.num_projects
    if tie_break == "lexico":
        order = sorted(range(m), key=lambda j: profile.project_ids[j])
    elif tie_break == "cost-votes":
        votes = profile.approvals
        order = sorted(range(m), key=lambda j: (profile.costs[j], -int(votes[j]), j))
    elif tie_break == "file-order":
        order = list(range(m))
    else:
        raise ValueError(f"unknown tie-breaking {tie_break!r}")
    rank = np.empty(m, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(m, dtype=np.int64)
    return rank
