"""Routing priority: which statement a participant should see next (math doc step 9)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .statistics import smoothed_share

FloatArray = NDArray[np.float64]

META_PRIORITY = 7.0


def routing_priority(
    agree: FloatArray,
    disagree: FloatArray,
    votes: FloatArray,
    extremity: FloatArray,
    is_meta: NDArray[np.bool_],
) -> FloatArray:
    """(importance * (1 + 8 * 2^(-S/5)))^2; meta statements get 7^2 = 49.

    importance = (1 - pass share) * (1 + extremity) * agree share, shares smoothed.
    """
    passes = votes - agree - disagree
    importance = (
        (1.0 - smoothed_share(passes, votes)) * (1.0 + extremity) * smoothed_share(agree, votes)
    )
    newness = 1.0 + 8.0 * np.power(2.0, -votes / 5.0)
    priority = np.where(is_meta, META_PRIORITY, importance * newness)
    return np.asarray(priority**2, dtype=np.float64)
