"""The sparse vote matrix: who voted what on which statement, in canonical order.

Votes arrive as parallel sequences (participant id, statement id, vote, optional channel)
in the order they were cast; a participant's latest vote on a statement counts. Rows and
columns are sorted by id, so the result never depends on the order of the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

AGREE = 1
DISAGREE = -1
PASS = 0

ONLINE = 0
ROOM = 1
CHANNEL_CODES = {"online": ONLINE, "room": ROOM}

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as coordinate arrays over sorted participant and statement ids.

    `rows[i]`, `cols[i]`, `values[i]` is one (latest) vote; `channels[i]` is ONLINE or ROOM
    when channels were given.
    """

    participant_ids: NDArray[Any]
    statement_ids: NDArray[Any]
    rows: IntArray
    cols: IntArray
    values: NDArray[np.int8]
    channels: NDArray[np.int8] | None = None

    @property
    def n_participants(self) -> int:
        return int(self.participant_ids.shape[0])

    @property
    def n_statements(self) -> int:
        return int(self.statement_ids.shape[0])

    @property
    def n_votes(self) -> int:
        return int(self.values.shape[0])

    def votes_per_participant(self) -> IntArray:
        return np.bincount(self.rows, minlength=self.n_participants).astype(np.intp)

    def statement_mask(self, ids: Sequence[Any] | None) -> NDArray[np.bool_]:
        """Boolean mask over columns for the given statement ids (unknown ids ignored)."""
        mask = np.zeros(self.n_statements, dtype=bool)
        if ids:
            wanted = np.asarray(list(ids))
            positions = np.searchsorted(self.statement_ids, wanted)
            positions = np.clip(positions, 0, max(self.n_statements - 1, 0))
            if self.n_statements:
                found = self.statement_ids[positions] == wanted
                mask[positions[found]] = True
        return mask

    def counts(
        self,
        row_groups: IntArray | None = None,
        n_groups: int = 1,
        vote_weights: FloatArray | None = None,
        vote_mask: NDArray[np.bool_] | None = None,
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Agree, disagree and total vote counts per (group, statement).

        `row_groups` gives each participant's group (negative = left out); without it every
        participant is in group 0. `vote_weights` weights each vote; `vote_mask` keeps a
        subset of votes. Returns three arrays of shape (n_groups, n_statements).
        """
        groups = np.zeros(self.n_participants, dtype=np.intp) if row_groups is None else row_groups
        vote_group = groups[self.rows]
        keep = vote_group >= 0
        if vote_mask is not None:
            keep &= vote_mask
        flat = vote_group[keep] * self.n_statements + self.cols[keep]
        size = n_groups * self.n_statements
        weights = np.ones(int(keep.sum())) if vote_weights is None else vote_weights[keep]
        values = self.values[keep]
        agree = np.bincount(flat, weights=weights * (values == AGREE), minlength=size)
        disagree = np.bincount(flat, weights=weights * (values == DISAGREE), minlength=size)
        total = np.bincount(flat, weights=weights, minlength=size)
        shape = (n_groups, self.n_statements)
        return (
            np.asarray(agree, dtype=np.float64).reshape(shape),
            np.asarray(disagree, dtype=np.float64).reshape(shape),
            np.asarray(total, dtype=np.float64).reshape(shape),
        )


def _sorted_ids(raw: Sequence[Any], name: str) -> tuple[NDArray[Any], IntArray]:
    array = np.asarray(raw)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if array.dtype.kind not in "iuU":
        raise ValueError(f"{name} must be all integers or all strings")
    unique, inverse = np.unique(array, return_inverse=True)
    return unique, inverse.astype(np.intp)


def build_vote_matrix(
    participant_ids: Sequence[Any],
    statement_ids: Sequence[Any],
    votes: Sequence[int],
    channels: Sequence[str] | None = None,
) -> VoteMatrix:
    """Build the matrix from votes in the order they were cast (latest vote counts)."""
    n = len(votes)
    if len(participant_ids) != n or len(statement_ids) != n:
        raise ValueError("participant_ids, statement_ids and votes must have the same length")
    if channels is not None and len(channels) != n:
        raise ValueError("channels must have one entry per vote")
    if n == 0:
        raise ValueError("at least one vote is needed")
    values = np.asarray(votes)
    if values.dtype.kind not in "iu" or not np.isin(values, (AGREE, DISAGREE, PASS)).all():
        raise ValueError("votes must be +1 (agree), -1 (disagree) or 0 (pass)")
    pids, rows = _sorted_ids(participant_ids, "participant_ids")
    sids, cols = _sorted_ids(statement_ids, "statement_ids")
    channel_codes: NDArray[np.int8] | None = None
    if channels is not None:
        try:
            channel_codes = np.array([CHANNEL_CODES[c] for c in channels], dtype=np.int8)
        except KeyError as error:
            raise ValueError(f"unknown channel {error.args[0]!r}: use 'online' or 'room'") from None

    # Latest vote per (participant, statement): first occurrence in the reversed list.
    # The unique keys come out sorted, so the votes end up ordered by row, then column.
    keys = rows.astype(np.int64) * len(sids) + cols
    _, first_in_reversed = np.unique(keys[::-1], return_index=True)
    keep = n - 1 - first_in_reversed
    return VoteMatrix(
        participant_ids=pids,
        statement_ids=sids,
        rows=rows[keep],
        cols=cols[keep],
        values=values[keep].astype(np.int8),
        channels=None if channel_codes is None else channel_codes[keep],
    )
