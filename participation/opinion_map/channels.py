"""Online versus in the room: do web votes and meeting votes diverge on a statement?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .matrix import ONLINE, ROOM, VoteMatrix
from .statistics import benjamini_hochberg, two_proportion_z, two_sided_p

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ChannelDivergence:
    """Per statement: agree counts and votes online and in the room, z, q and the flag."""

    online_agree: FloatArray
    online_votes: FloatArray
    room_agree: FloatArray
    room_votes: FloatArray
    z: FloatArray
    q: FloatArray
    diverges: NDArray[np.bool_]


def channel_divergence(
    matrix: VoteMatrix, *, min_votes_each: int = 5, q_threshold: float = 0.10
) -> ChannelDivergence | None:
    """Two-proportion z of the agree share, web against meeting, per statement.

    Statements with at least `min_votes_each` votes in both channels are tested, with
    Benjamini-Hochberg across them; a statement diverges when its q-value <= q_threshold.
    """
    if matrix.channels is None:
        return None
    a_on, _, s_on = matrix.counts(vote_mask=matrix.channels == ONLINE)
    a_room, _, s_room = matrix.counts(vote_mask=matrix.channels == ROOM)
    a_on, s_on, a_room, s_room = a_on[0], s_on[0], a_room[0], s_room[0]
    z = two_proportion_z(a_on, s_on, a_room, s_room)
    tested = (s_on >= min_votes_each) & (s_room >= min_votes_each)
    q = benjamini_hochberg(np.where(tested, two_sided_p(z), np.nan))
    return ChannelDivergence(
        online_agree=a_on,
        online_votes=s_on,
        room_agree=a_room,
        room_votes=s_room,
        z=z,
        q=q,
        diverges=tested & (q <= q_threshold),
    )
