"""Stability of the groups: bootstrap the participants and re-cluster.

Each resample draws the clustered participants with replacement and re-runs k-means
(same k) on the base clusters, weighted by how often their members were drawn. Two starts
are tried per resample, the published centres and a fresh k-means++ draw, and the one with
the lower weighted inertia is kept. Every participant is then assigned to the nearest
resulting centre and compared with the published groups by the adjusted Rand index; the
mean over resamples is the stability. All resamples run together as batched arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .clustering import Clustering

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]


def adjusted_rand_index(a: IntArray, b: IntArray, weights: FloatArray | None = None) -> float:
    """Adjusted Rand index of two labelings (1.0 for identical partitions).

    With integer `weights`, item i stands for weights[i] items with the same labels.
    """
    n = float(a.shape[0] if weights is None else weights.sum())
    if n < 2:
        return 1.0
    ka, kb = int(a.max()) + 1, int(b.max()) + 1
    counts = np.bincount(a * kb + b, weights=weights, minlength=ka * kb)
    table = np.asarray(counts, dtype=np.float64).reshape(ka, kb)

    def pairs(x: FloatArray) -> float:
        return float((x * (x - 1.0) / 2.0).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = n * (n - 1) / 2.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2.0
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _distances(points: FloatArray, centres: FloatArray) -> FloatArray:
    """Squared distances, shape (resamples, points, k), for centres (resamples, k, 2)."""
    total = np.zeros((centres.shape[0], points.shape[0], centres.shape[1]))
    for dim in range(points.shape[1]):
        total += (points[None, :, None, dim] - centres[:, None, :, dim]) ** 2
    return total


def _batched_plus_plus(
    points: FloatArray, weights: FloatArray, k: int, rng: np.random.Generator
) -> FloatArray:
    """One weighted k-means++ start per resample: centres of shape (resamples, k, 2)."""
    resamples, m = weights.shape
    rows = np.arange(resamples)

    def draw(mass: FloatArray) -> IntArray:
        cumulative = np.cumsum(mass, axis=1)
        total = cumulative[:, -1]
        target = rng.random(resamples) * total
        chosen: IntArray = np.minimum((cumulative <= target[:, None]).sum(axis=1), m - 1)
        return chosen.astype(np.intp)

    chosen = [draw(weights)]
    closest = ((points[None, :, :] - points[chosen[0]][:, None, :]) ** 2).sum(axis=-1)
    for _ in range(1, k):
        mass = weights * closest
        # Where everything is covered already, any point will do.
        mass[mass.sum(axis=1) <= 0] = weights[mass.sum(axis=1) <= 0]
        chosen.append(draw(mass))
        latest = ((points[None, :, :] - points[chosen[-1]][:, None, :]) ** 2).sum(axis=-1)
        closest = np.minimum(closest, latest)
    centres = np.stack([points[index] for index in chosen], axis=1)
    assert centres.shape == (rows.size, k, points.shape[1])
    return np.asarray(centres, dtype=np.float64)


def _batched_lloyd(
    points: FloatArray, weights: FloatArray, centres: FloatArray, max_iter: int = 100
) -> tuple[FloatArray, FloatArray]:
    """Weighted Lloyd for every resample at once: final centres and inertia per resample."""
    k = centres.shape[1]
    for _ in range(max_iter):
        labels = _distances(points, centres).argmin(axis=-1)
        onehot = (labels[..., None] == np.arange(k)) * weights[..., None]
        mass = onehot.sum(axis=1)
        sums = np.einsum("rmk,md->rkd", onehot, points)
        updated = np.where(mass[..., None] > 0, sums / np.maximum(mass, 1e-300)[..., None], centres)
        if np.allclose(updated, centres, rtol=0.0, atol=1e-12):
            centres = updated
            break
        centres = updated
    inertia = (weights * _distances(points, centres).min(axis=-1)).sum(axis=1)
    return centres, np.asarray(inertia, dtype=np.float64)


def bootstrap_stability(clustering: Clustering, *, resamples: int = 200, seed: int = 0) -> float:
    """Mean adjusted Rand index over bootstrap re-clusterings (1.0 when k < 2)."""
    k = clustering.k
    if k < 2 or resamples <= 0:
        return 1.0
    base = clustering.base
    n = base.membership.shape[0]
    rng = np.random.default_rng([seed, 7919])
    # Drawing n participants with replacement and counting them per base cluster is a
    # multinomial draw over the base clusters.
    weights = rng.multinomial(n, base.weights / base.weights.sum(), size=resamples).astype(
        np.float64
    )

    published = np.broadcast_to(clustering.centres, (resamples, k, 2)).copy()
    warm, warm_inertia = _batched_lloyd(base.points, weights, published)
    fresh, fresh_inertia = _batched_lloyd(
        base.points, weights, _batched_plus_plus(base.points, weights, k, rng)
    )
    centres = np.where((fresh_inertia < warm_inertia)[:, None, None], fresh, warm)
    relabelled = _distances(base.points, centres).argmin(axis=-1)
    scores = [
        adjusted_rand_index(clustering.base_labels, relabelled[r].astype(np.intp), base.weights)
        for r in range(resamples)
    ]
    return float(np.mean(scores))
