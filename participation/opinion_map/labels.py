"""Stable group labels: Group A stays Group A between refreshes.

New groups are matched to the previous snapshot's groups by member overlap with the
Hungarian algorithm; matched groups keep their old label, new ones take the smallest
label not in use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

IntArray = NDArray[np.intp]


def group_name(label: int) -> str:
    """'A', 'B', ... 'Z', then 'G27', 'G28', ..."""
    return chr(ord("A") + label) if 0 <= label < 26 else f"G{label + 1}"


def stable_labels(
    labels: IntArray,
    participant_ids: NDArray[Any],
    previous: Mapping[Any, int] | None,
) -> dict[int, int]:
    """Map each new group index to a published label, reusing previous labels."""
    k = int(labels.max()) + 1 if labels.size else 0
    identity = {g: g for g in range(k)}
    if not previous or k == 0:
        return identity
    old_labels = sorted(set(previous.values()))
    column = {label: j for j, label in enumerate(old_labels)}
    overlap = np.zeros((k, len(old_labels)))
    for pid, group in zip(participant_ids.tolist(), labels.tolist(), strict=True):
        old = previous.get(pid)
        if old is not None:
            overlap[group, column[old]] += 1
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    mapping: dict[int, int] = {}
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        if overlap[row, col] > 0:
            mapping[row] = old_labels[col]
    used = set(mapping.values())
    free = (label for label in range(k + len(old_labels) + 1) if label not in used)
    for group in range(k):
        if group not in mapping:
            label = next(free)
            used.add(label)
            mapping[group] = label
    return mapping
