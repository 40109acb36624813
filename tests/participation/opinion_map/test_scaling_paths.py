"""The paths taken for large dialogues agree with the exact ones on medium dialogues."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from participation.opinion_map import OpinionMapOptions, compute_opinion_map

from .generated import opinion_groups


def test_truncated_sparse_svd_gives_the_exact_positions() -> None:
    camps = opinion_groups(seed=21, participants=600, statements=80, groups=3, seen=0.3)
    votes = (camps.participant_ids, camps.statement_ids, camps.votes)
    exact = compute_opinion_map(*votes, options=OpinionMapOptions(bootstrap_resamples=0))
    truncated = compute_opinion_map(
        *votes, options=OpinionMapOptions(bootstrap_resamples=0, exact_pca_max_statements=0)
    )
    assert (exact.pca_method, truncated.pca_method) == ("exact", "truncated")
    np.testing.assert_allclose(truncated.participants.x, exact.participants.x, atol=1e-8)
    np.testing.assert_allclose(truncated.participants.y, exact.participants.y, atol=1e-8)
    np.testing.assert_allclose(
        [s.extremity for s in truncated.statements],
        [s.extremity for s in exact.statements],
        atol=1e-8,
    )
    assert truncated.participants.group == exact.participants.group


def test_base_clusters_find_the_same_camps_as_clustering_everyone() -> None:
    camps = opinion_groups(seed=22, participants=900, statements=40, groups=3, seen=0.5)
    votes = (camps.participant_ids, camps.statement_ids, camps.votes)
    with_base = compute_opinion_map(*votes, options=OpinionMapOptions(bootstrap_resamples=0))
    direct = compute_opinion_map(
        *votes, options=OpinionMapOptions(bootstrap_resamples=0, base_clusters=None)
    )
    assert with_base.clustering.base_clusters == 100
    assert direct.clustering.base_clusters > 100
    assert with_base.clustering.k == direct.clustering.k == 3
    # Base clusters move only a few participants on the boundaries between camps.
    assert adjusted_rand_score(with_base.participants.group, direct.participants.group) > 0.97
    truth = [camps.true_groups[int(pid)] for pid in with_base.participants.ids]
    assert adjusted_rand_score(with_base.participants.group, truth) > 0.9
