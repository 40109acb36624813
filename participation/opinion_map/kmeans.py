"""Weighted k-means, weighted silhouette and Pol.is-style base clusters.

Points carry weights so that identical positions (and base clusters) are handled once:
k-means on unique points weighted by multiplicity is the same problem as k-means on all
points, and the weighted silhouette below equals the ordinary silhouette in that case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.cluster import KMeans

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class WeightedPoints:
    """Points with weights; `membership[i]` is the point that input row i belongs to."""

    points: FloatArray
    weights: FloatArray
    membership: IntArray


def deduplicate(positions: FloatArray) -> WeightedPoints:
    unique, inverse, counts = np.unique(positions, axis=0, return_inverse=True, return_counts=True)
    return WeightedPoints(
        points=np.asarray(unique, dtype=np.float64),
        weights=counts.astype(np.float64),
        membership=np.asarray(inverse, dtype=np.intp).ravel(),
    )


def base_clusters(positions: FloatArray, max_clusters: int | None, seed: int) -> WeightedPoints:
    """Reduce positions to at most `max_clusters` weighted centres (None: no reduction)."""
    unique = deduplicate(positions)
    if max_clusters is None or unique.points.shape[0] <= max_clusters:
        return unique
    model = KMeans(n_clusters=max_clusters, n_init=1, random_state=seed, algorithm="lloyd")
    labels = model.fit_predict(unique.points, sample_weight=unique.weights)
    weights = np.asarray(
        np.bincount(labels, weights=unique.weights, minlength=max_clusters), dtype=np.float64
    )
    used = weights > 0
    remap = np.cumsum(used) - 1
    return WeightedPoints(
        points=np.asarray(model.cluster_centers_[used], dtype=np.float64),
        weights=weights[used],
        membership=remap[labels][unique.membership].astype(np.intp),
    )


def _squared_distances(points: FloatArray, centres: FloatArray) -> FloatArray:
    total = np.zeros((points.shape[0], centres.shape[0]))
    for dim in range(points.shape[1]):
        total += (points[:, dim, None] - centres[None, :, dim]) ** 2
    return total


def _plus_plus_init(
    points: FloatArray, weights: FloatArray, k: int, rng: np.random.Generator
) -> FloatArray:
    chosen = [int(rng.choice(points.shape[0], p=weights / weights.sum()))]
    closest = _squared_distances(points, points[chosen])[:, 0]
    for _ in range(1, k):
        mass = weights * closest
        total = mass.sum()
        if total <= 0:
            remaining = np.setdiff1d(np.arange(points.shape[0]), chosen)
            chosen.append(int(remaining[0]))
        else:
            chosen.append(int(rng.choice(points.shape[0], p=mass / total)))
        closest = np.minimum(closest, _squared_distances(points, points[chosen[-1:]])[:, 0])
    return np.asarray(points[chosen], dtype=np.float64)


def lloyd(
    points: FloatArray,
    weights: FloatArray,
    centres: FloatArray,
    max_iter: int = 300,
) -> tuple[IntArray, FloatArray, float]:
    """Weighted Lloyd iterations from the given centres: labels, centres, inertia."""
    k = centres.shape[0]
    labels = np.full(points.shape[0], -1, dtype=np.intp)
    distances = _squared_distances(points, centres)
    for _ in range(max_iter):
        new_labels = np.argmin(distances, axis=1).astype(np.intp)
        sizes = np.bincount(new_labels, weights=weights, minlength=k)
        empty = np.flatnonzero(sizes == 0)
        if empty.size:
            # Move each empty centre to the point farthest from its own centre.
            own = distances[np.arange(points.shape[0]), new_labels]
            for cluster, point in zip(empty, np.argsort(-own)[: empty.size], strict=True):
                new_labels[point] = cluster
            sizes = np.bincount(new_labels, weights=weights, minlength=k)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for dim in range(points.shape[1]):
            sums = np.bincount(labels, weights=weights * points[:, dim], minlength=k)
            centres[:, dim] = sums / sizes
        distances = _squared_distances(points, centres)
    inertia = float((weights * distances[np.arange(points.shape[0]), labels]).sum())
    return labels, centres, inertia


def weighted_kmeans(
    points: FloatArray, weights: FloatArray, k: int, *, seed: int, n_init: int = 10
) -> tuple[IntArray, FloatArray, float]:
    """Best of `n_init` k-means++ starts (deterministic for a given seed)."""
    rng = np.random.default_rng([seed, k])
    best: tuple[IntArray, FloatArray, float] | None = None
    for _ in range(n_init):
        centres = _plus_plus_init(points, weights, k, rng)
        result = lloyd(points, weights, centres)
        if best is None or result[2] < best[2] - 1e-12:
            best = result
    assert best is not None
    return best


def weighted_silhouette(
    points: FloatArray, weights: FloatArray, labels: IntArray, chunk: int = 1024
) -> float:
    """Mean silhouette over all (weighted) members; a point's co-located twins count."""
    k = int(labels.max()) + 1
    if k < 2:
        return 0.0
    onehot = np.zeros((points.shape[0], k))
    onehot[np.arange(points.shape[0]), labels] = weights
    cluster_weight = onehot.sum(axis=0)
    scores = np.empty(points.shape[0])
    for start in range(0, points.shape[0], chunk):
        block = slice(start, start + chunk)
        distances = np.sqrt(_squared_distances(points[block], points))
        sums = distances @ onehot
        own = labels[block]
        idx = np.arange(sums.shape[0])
        own_weight = cluster_weight[own]
        with np.errstate(divide="ignore", invalid="ignore"):
            a = sums[idx, own] / (own_weight - 1.0)
            mean_other = sums / cluster_weight
        mean_other[idx, own] = np.inf
        b = mean_other.min(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = (b - a) / np.maximum(a, b)
        s = np.where(own_weight > 1.0, np.nan_to_num(s, nan=0.0), 0.0)
        scores[block] = s
    return float((weights * scores).sum() / weights.sum())


def assign_to_nearest(positions: FloatArray, centres: FloatArray) -> IntArray:
    nearest: IntArray = np.argmin(_squared_distances(positions, centres), axis=1).astype(np.intp)
    return nearest
