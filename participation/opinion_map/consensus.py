"""What nearly everyone shares: consensus, group-informed consensus and common ground."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .statistics import Z_90, beta_lower_quantile, one_proportion_z, smoothed_share

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class ConsensusPicks:
    """Column indices of the consensus statements, best first."""

    agree: list[int]
    disagree: list[int]


def _top(score: FloatArray, mask: BoolArray, pick_max: int) -> list[int]:
    candidates = np.flatnonzero(mask)
    order = np.argsort(-score[candidates], kind="stable")
    return [int(j) for j in candidates[order][:pick_max]]


def select_consensus(
    agree: FloatArray,
    disagree: FloatArray,
    votes: FloatArray,
    eligible: BoolArray,
    *,
    pick_max: int = 5,
    z: float = Z_90,
) -> ConsensusPicks:
    """Pol.is consensus over everyone: p > 0.5 and a significant one-proportion z."""
    pa, pd = smoothed_share(agree, votes), smoothed_share(disagree, votes)
    pat, pdt = one_proportion_z(agree, votes), one_proportion_z(disagree, votes)
    return ConsensusPicks(
        agree=_top(pa * pat, eligible & (pa > 0.5) & (pat > z), pick_max),
        disagree=_top(pd * pdt, eligible & (pd > 0.5) & (pdt > z), pick_max),
    )


def group_informed_consensus(group_agree: FloatArray, group_votes: FloatArray) -> FloatArray:
    """Product over groups of (A_g + 1) / (S_g + 2)."""
    return np.asarray(smoothed_share(group_agree, group_votes).prod(axis=0), dtype=np.float64)


def normalised_consensus(group_agree: FloatArray, group_votes: FloatArray) -> FloatArray:
    """Geometric mean over groups of the smoothed agree share."""
    k = group_agree.shape[0]
    return np.asarray(group_informed_consensus(group_agree, group_votes) ** (1.0 / k))


def bridge_score(
    group_agree: FloatArray, group_votes: FloatArray, quantile: float = 0.10
) -> FloatArray:
    """Min over groups of the lower `quantile` of Beta(1 + A_g, 1 + S_g - A_g)."""
    return np.asarray(
        beta_lower_quantile(group_agree, group_votes, quantile).min(axis=0), dtype=np.float64
    )


def divisiveness(group_agree: FloatArray, group_votes: FloatArray) -> FloatArray:
    """Spread of the smoothed agree share across groups: max_g p_g - min_g p_g."""
    share = smoothed_share(group_agree, group_votes)
    return np.asarray(share.max(axis=0) - share.min(axis=0), dtype=np.float64)


def rank_above(score: FloatArray, mask: BoolArray, threshold: float, pick_max: int) -> list[int]:
    """Column indices with score >= threshold, highest first, at most `pick_max`."""
    return _top(score, mask & (score >= threshold), pick_max)
