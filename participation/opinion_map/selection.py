"""Who is clustered: participants with enough votes, topped up to a minimum head count."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .matrix import VoteMatrix


def clustered_participants(
    matrix: VoteMatrix, *, min_votes: int = 7, top_up_to: int = 15
) -> NDArray[np.bool_]:
    """Mask of participants who take part in the clustering.

    Participants with at least min(`min_votes`, number of statements) votes qualify. If
    fewer than `top_up_to` qualify, the most active other voters are added (ties broken by
    participant id) until there are `top_up_to`, or everyone is in.
    """
    counts = matrix.votes_per_participant()
    threshold = min(min_votes, matrix.n_statements)
    mask = counts >= threshold
    missing = top_up_to - int(mask.sum())
    if missing > 0:
        candidates = np.flatnonzero(~mask)
        # Stable sort by descending count keeps id order among ties.
        order = candidates[np.argsort(-counts[candidates], kind="stable")]
        mask[order[:missing]] = True
    return mask
