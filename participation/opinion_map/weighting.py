"""Representative weighting: rake participants to census margins, weighted group figures.

Raking (iterative proportional fitting) adjusts each participant's weight so that, for
every dimension (area, age band, ...), the weighted shares of the categories match the
census margins. Weighted counts enter the z-tests through the effective sample size
(sum w)^2 / sum w^2, so a few heavily weighted people do not look like many.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .matrix import VoteMatrix
from .representativeness import GroupFigures, group_figures

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


def rake_weights(
    participant_ids: NDArray[Any],
    attributes: Mapping[Any, Mapping[str, str]],
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-8,
    cap: float = 5.0,
) -> FloatArray:
    """Raked weights, one per participant, with mean 1.

    A participant whose category in a dimension is unknown or has no margin is left out
    of that dimension's adjustment. Weights are trimmed to [1/cap, cap] times the mean.
    """
    n = participant_ids.shape[0]
    weights = np.ones(n)
    dimensions: list[tuple[IntArray, FloatArray]] = []
    ids = participant_ids.tolist()
    for dimension, shares in margins.items():
        categories = sorted(shares)
        index = {c: i for i, c in enumerate(categories)}
        codes = np.array(
            [index.get(attributes.get(pid, {}).get(dimension, ""), -1) for pid in ids],
            dtype=np.intp,
        )
        targets = np.array([max(float(shares[c]), 0.0) for c in categories])
        dimensions.append((codes, targets))
    for _ in range(max_iterations):
        largest_change = 0.0
        for codes, targets in dimensions:
            known = codes >= 0
            if not known.any():
                continue
            totals = np.bincount(codes[known], weights=weights[known], minlength=targets.size)
            present = (totals > 0) & (targets > 0)
            if not present.any():
                continue
            goal = np.zeros_like(targets)
            goal[present] = targets[present] / targets[present].sum() * totals[present].sum()
            factor = np.ones_like(targets)
            factor[present] = goal[present] / totals[present]
            new = weights.copy()
            new[known] = weights[known] * factor[codes[known]]
            largest_change = max(largest_change, float(np.abs(new - weights).max()))
            weights = new
        if largest_change < tolerance:
            break
    mean = weights[weights > 0].mean() if (weights > 0).any() else 1.0
    weights = np.clip(weights / mean, 1.0 / cap, cap)
    return np.asarray(weights / weights.mean(), dtype=np.float64)


def weighted_group_figures(
    matrix: VoteMatrix, row_groups: IntArray, n_groups: int, weights: FloatArray
) -> GroupFigures:
    """Group figures from weighted votes, counted at their effective sample size."""
    vote_w = weights[matrix.rows]
    a_w, d_w, s_w = matrix.counts(row_groups, n_groups, vote_weights=vote_w)
    _, _, s_w2 = matrix.counts(row_groups, n_groups, vote_weights=vote_w**2)

    def effective(
        a: FloatArray, d: FloatArray, s: FloatArray, s2: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        n_eff = np.divide(s * s, s2, out=np.zeros_like(s), where=s2 > 0)
        scale = np.divide(n_eff, s, out=np.zeros_like(s), where=s > 0)
        return a * scale, d * scale, n_eff

    inside = effective(a_w, d_w, s_w, s_w2)
    outside = effective(
        a_w.sum(axis=0) - a_w,
        d_w.sum(axis=0) - d_w,
        s_w.sum(axis=0) - s_w,
        s_w2.sum(axis=0) - s_w2,
    )
    return group_figures(*inside, outside=outside)
