"""Proportions and significance tests shared by the opinion map figures.

All functions are vectorised over NumPy arrays and accept fractional counts, so that
weighted (effective) counts go through the same formulas as raw counts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

FloatArray = NDArray[np.float64]

#: One-sided 90% critical value used by Pol.is (scipy.stats.norm.ppf(0.90)).
Z_90 = float(stats.norm.ppf(0.90))


def smoothed_share(successes: ArrayLike, trials: ArrayLike) -> FloatArray:
    """Laplace-smoothed share (A + 1) / (S + 2)."""
    a = np.asarray(successes, dtype=np.float64)
    s = np.asarray(trials, dtype=np.float64)
    return np.asarray((a + 1.0) / (s + 2.0), dtype=np.float64)


def one_proportion_z(successes: ArrayLike, trials: ArrayLike) -> FloatArray:
    """Pol.is one-proportion z: 2 * sqrt(S + 1) * ((A + 1) / (S + 1) - 1/2)."""
    a = np.asarray(successes, dtype=np.float64) + 1.0
    n = np.asarray(trials, dtype=np.float64) + 1.0
    return np.asarray(2.0 * np.sqrt(n) * (a / n - 0.5), dtype=np.float64)


def two_proportion_z_smoothed(
    successes_in: ArrayLike,
    trials_in: ArrayLike,
    successes_out: ArrayLike,
    trials_out: ArrayLike,
) -> FloatArray:
    """Pol.is two-proportion z of (A + 1) / (S + 1) inside versus outside a group.

    Returns 0 where the pooled share is 1 (the statistic's limit there).
    """
    a_in = np.asarray(successes_in, dtype=np.float64) + 1.0
    n_in = np.asarray(trials_in, dtype=np.float64) + 1.0
    a_out = np.asarray(successes_out, dtype=np.float64) + 1.0
    n_out = np.asarray(trials_out, dtype=np.float64) + 1.0
    return _pooled_z(a_in, n_in, a_out, n_out)


def two_proportion_z(
    successes_a: ArrayLike,
    trials_a: ArrayLike,
    successes_b: ArrayLike,
    trials_b: ArrayLike,
) -> FloatArray:
    """Classic pooled two-proportion z (no smoothing); 0 where undefined."""
    return _pooled_z(
        np.asarray(successes_a, dtype=np.float64),
        np.asarray(trials_a, dtype=np.float64),
        np.asarray(successes_b, dtype=np.float64),
        np.asarray(trials_b, dtype=np.float64),
    )


def _pooled_z(a1: FloatArray, n1: FloatArray, a2: FloatArray, n2: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = a1 / n1
        p2 = a2 / n2
        pooled = (a1 + a2) / (n1 + n2)
        denominator = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
        z = (p1 - p2) / denominator
    defined = np.isfinite(z) & (n1 > 0) & (n2 > 0) & (pooled < 1.0) & (pooled > 0.0)
    return np.asarray(np.where(defined, z, 0.0), dtype=np.float64)


def upper_tail_p(z: ArrayLike) -> FloatArray:
    """One-sided p-value P(Z > z)."""
    return np.asarray(stats.norm.sf(np.asarray(z, dtype=np.float64)), dtype=np.float64)


def two_sided_p(z: ArrayLike) -> FloatArray:
    """Two-sided p-value P(|Z| > |z|)."""
    return np.asarray(
        2.0 * stats.norm.sf(np.abs(np.asarray(z, dtype=np.float64))), dtype=np.float64
    )


def benjamini_hochberg(p_values: ArrayLike) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (q-values), same shape as the input.

    NaN entries are left out of the family and stay NaN.
    """
    p = np.asarray(p_values, dtype=np.float64)
    flat = p.ravel()
    q = np.full(flat.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(flat))
    m = tested.size
    if m:
        order = tested[np.argsort(flat[tested], kind="stable")]
        ranked = flat[order] * m / np.arange(1, m + 1)
        adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
        q[order] = np.minimum(adjusted, 1.0)
    return q.reshape(p.shape)


def beta_lower_quantile(successes: ArrayLike, trials: ArrayLike, quantile: float) -> FloatArray:
    """The `quantile` quantile of Beta(1 + A, 1 + S - A) (uniform prior posterior)."""
    a = np.asarray(successes, dtype=np.float64)
    s = np.asarray(trials, dtype=np.float64)
    return np.asarray(special.betaincinv(1.0 + a, 1.0 + s - a, quantile), dtype=np.float64)
