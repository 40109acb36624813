"""The building blocks against independent implementations (SciPy, scikit-learn)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.metrics import adjusted_rand_score, silhouette_score

from participation.opinion_map.kmeans import deduplicate, weighted_silhouette
from participation.opinion_map.stability import adjusted_rand_index
from participation.opinion_map.statistics import (
    Z_90,
    benjamini_hochberg,
    beta_lower_quantile,
    two_proportion_z,
)

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True, database=None)


def test_critical_value_is_the_one_sided_90_percent_quantile() -> None:
    assert pytest.approx(1.2816, abs=1e-4) == Z_90


@SETTINGS
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60))
def test_benjamini_hochberg_matches_scipy(p_values: list[float]) -> None:
    expected = stats.false_discovery_control(np.array(p_values), method="bh")
    np.testing.assert_allclose(benjamini_hochberg(p_values), expected, rtol=1e-12, atol=1e-15)


def test_benjamini_hochberg_leaves_untested_entries_out_of_the_family() -> None:
    q = benjamini_hochberg([0.01, np.nan, 0.04, np.nan])
    np.testing.assert_allclose(q[[0, 2]], stats.false_discovery_control([0.01, 0.04]))
    assert np.isnan(q[[1, 3]]).all()


@SETTINGS
@given(st.integers(0, 60), st.integers(0, 60), st.floats(0.01, 0.99))
def test_beta_quantile_matches_scipy(successes: int, extra: int, quantile: float) -> None:
    trials = successes + extra
    expected = stats.beta.ppf(quantile, 1 + successes, 1 + extra)
    assert beta_lower_quantile(successes, trials, quantile) == pytest.approx(expected, rel=1e-9)


def test_two_proportion_z_against_the_textbook_formula() -> None:
    # 30/50 against 20/50: pooled 0.5, se = sqrt(0.25 * 0.04) = 0.1, z = 0.2 / 0.1
    assert two_proportion_z(30, 50, 20, 50) == pytest.approx(2.0)
    assert two_proportion_z(5, 5, 7, 7) == 0.0  # pooled share 1: undefined, reported as 0
    assert two_proportion_z(0, 0, 3, 7) == 0.0


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(2, 60), st.integers(1, 4), st.integers(1, 4))
def test_adjusted_rand_index_matches_scikit_learn(seed: int, n: int, ka: int, kb: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, ka, size=n)
    b = rng.integers(0, kb, size=n)
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_score(a, b), abs=1e-12)


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(5, 80), st.integers(2, 4))
def test_silhouette_of_weighted_unique_points_equals_the_plain_silhouette(
    seed: int, n: int, k: int
) -> None:
    rng = np.random.default_rng(seed)
    # Positions on a coarse grid, so that many participants share a position.
    points = rng.integers(0, 4, size=(n, 2)).astype(float)
    points[0], points[1] = (0.0, 0.0), (3.0, 3.0)  # at least two distinct positions
    unique = deduplicate(points)
    cluster_of_unique: np.ndarray = rng.integers(0, k, size=(unique.points.shape[0],))
    cluster_of_unique[0], cluster_of_unique[-1] = 0, 1  # at least two clusters
    _, cluster_of_unique = np.unique(cluster_of_unique, return_inverse=True)
    labels = cluster_of_unique[unique.membership]
    expected = silhouette_score(points, labels)
    got = weighted_silhouette(unique.points, unique.weights, cluster_of_unique.astype(np.intp))
    assert got == pytest.approx(expected, abs=1e-12)
