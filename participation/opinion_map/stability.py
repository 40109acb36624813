"""Stability of the groups: bootstrap the participants and re-cluster.

Each resample draws the clustered participants with replacement, re-runs k-means (same k)
on the base clusters weighted by how often their members were drawn, assigns every
participant to the nearest resulting centre and compares with the published groups by
the adjusted Rand index. The mean over resamples is the stability.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .clustering import Clustering
from .kmeans import assign_to_nearest, weighted_kmeans

IntArray = NDArray[np.intp]


def adjusted_rand_index(
    a: IntArray, b: IntArray, weights: NDArray[np.float64] | None = None
) -> float:
    """Adjusted Rand index of two labelings (1.0 for identical partitions).

    With integer `weights`, item i stands for weights[i] items with the same labels.
    """
    n = float(a.shape[0] if weights is None else weights.sum())
    if n < 2:
        return 1.0
    ka, kb = int(a.max()) + 1, int(b.max()) + 1
    counts = np.bincount(a * kb + b, weights=weights, minlength=ka * kb)
    table = np.asarray(counts, dtype=np.float64).reshape(ka, kb)

    def pairs(x: NDArray[np.float64]) -> float:
        return float((x * (x - 1.0) / 2.0).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = n * (n - 1) / 2.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2.0
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def bootstrap_stability(clustering: Clustering, *, resamples: int = 200, seed: int = 0) -> float:
    """Mean adjusted Rand index over bootstrap re-clusterings (1.0 when k = 1)."""
    if clustering.k < 2 or resamples <= 0:
        return 1.0
    base = clustering.base
    n = base.membership.shape[0]
    rng = np.random.default_rng([seed, 7919])
    # Participants of one base cluster always share a label, so work per base cluster.
    base_of_labels = clustering.base_labels
    scores = np.empty(resamples)
    for r in range(resamples):
        drawn = np.bincount(rng.integers(0, n, size=n), minlength=n)
        weights = np.asarray(
            np.bincount(base.membership, weights=drawn, minlength=base.points.shape[0]),
            dtype=np.float64,
        )
        present = weights > 0
        if int(present.sum()) <= clustering.k:
            scores[r] = 0.0
            continue
        _, centres, _ = weighted_kmeans(
            base.points[present], weights[present], clustering.k, seed=seed + r, n_init=3
        )
        relabelled = assign_to_nearest(base.points, centres)
        scores[r] = adjusted_rand_index(base_of_labels, relabelled, base.weights)
    return float(scores.mean())
