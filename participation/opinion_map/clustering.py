"""Opinion groups: k-means on the map positions, k chosen by silhouette.

Parity mode follows Pol.is: k from 2 to min(5, 2 + n // 12), best silhouette wins, groups
formed on up to 100 weighted base clusters, and a new k only replaces the previous one
after winning several refreshes in a row (k smoothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .kmeans import WeightedPoints, base_clusters, weighted_kmeans, weighted_silhouette

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class GroupCountHistory:
    """What the previous refresh decided about k (for k smoothing)."""

    k: int
    candidate: int | None = None
    streak: int = 0


@dataclass(frozen=True)
class Clustering:
    """Groups of the clustered participants.

    `labels` (one per clustered participant, 0..k-1) are ordered by group size (largest
    first, ties by first member). `silhouettes` maps each k tried to its score.
    """

    labels: IntArray
    k: int
    best_k: int | None
    silhouettes: dict[int, float]
    centres: FloatArray
    base: WeightedPoints
    base_labels: IntArray
    candidate: int | None
    streak: int

    @property
    def best_silhouette(self) -> float | None:
        if self.best_k is None:
            return None
        return self.silhouettes[self.best_k]


def max_group_count(n_clustered: int, cap: int = 5) -> int:
    return min(cap, 2 + n_clustered // 12)


def _order_by_size(labels: IntArray, membership: IntArray, weights: FloatArray) -> IntArray:
    """Relabel so group 0 is the largest; ties go to the group with the first member."""
    participant_labels = labels[membership]
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, weights=weights, minlength=k)
    first = np.full(k, membership.shape[0])
    np.minimum.at(first, participant_labels, np.arange(membership.shape[0]))
    order = np.lexsort((first, -sizes))
    rank = np.empty(k, dtype=np.intp)
    rank[order] = np.arange(k)
    return rank[labels]


def _smooth(
    best_k: int, valid: set[int], history: GroupCountHistory | None, wins_needed: int
) -> tuple[int, int | None, int]:
    if history is None or history.k not in valid or history.k == best_k:
        return best_k, None, 0
    streak = history.streak + 1 if history.candidate == best_k else 1
    if streak >= wins_needed:
        return best_k, None, 0
    return history.k, best_k, streak


def cluster_positions(
    positions: FloatArray,
    *,
    max_groups: int = 5,
    base_cluster_count: int | None = 100,
    history: GroupCountHistory | None = None,
    k_smoothing_wins: int = 4,
    seed: int = 0,
) -> Clustering:
    """Group the positions of the clustered participants (k = 0 when there are none)."""
    n = positions.shape[0]
    if n == 0:
        empty = np.zeros(0, dtype=np.intp)
        return Clustering(
            labels=empty,
            k=0,
            best_k=None,
            silhouettes={},
            centres=np.zeros((0, 2)),
            base=WeightedPoints(np.zeros((0, 2)), np.zeros(0), empty),
            base_labels=empty,
            candidate=None,
            streak=0,
        )
    base = base_clusters(positions, base_cluster_count, seed)
    upper = min(max_group_count(n, max_groups), base.points.shape[0] - 1)
    results: dict[int, tuple[IntArray, FloatArray]] = {}
    silhouettes: dict[int, float] = {}
    for k in range(2, upper + 1):
        labels, centres, _ = weighted_kmeans(base.points, base.weights, k, seed=seed)
        if np.unique(labels).size < k:
            continue
        results[k] = (labels, centres)
        silhouettes[k] = weighted_silhouette(base.points, base.weights, labels)
    if not results:
        one = np.zeros(base.points.shape[0], dtype=np.intp)
        centre = np.average(base.points, axis=0, weights=base.weights)[None, :]
        return Clustering(
            labels=one[base.membership],
            k=1,
            best_k=None,
            silhouettes={},
            centres=np.asarray(centre, dtype=np.float64),
            base=base,
            base_labels=one,
            candidate=None,
            streak=0,
        )
    best_k = max(silhouettes, key=lambda k: (silhouettes[k], -k))
    k, candidate, streak = _smooth(best_k, set(results), history, k_smoothing_wins)
    labels, _ = results[k]
    labels = _order_by_size(labels, base.membership, base.weights)
    centres = np.vstack(
        [
            np.average(base.points[labels == g], axis=0, weights=base.weights[labels == g])
            for g in range(k)
        ]
    )
    return Clustering(
        labels=labels[base.membership],
        k=k,
        best_k=best_k,
        silhouettes=silhouettes,
        centres=np.asarray(centres, dtype=np.float64),
        base=base,
        base_labels=labels,
        candidate=candidate,
        streak=streak,
    )
