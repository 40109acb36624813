"""Parity with red-dwarf (an independent re-implementation of Pol.is) as an oracle.

red-dwarf clusters positions directly (no base clusters, no k smoothing) and takes the
k range and the clustered participants from its caller, so the comparison runs our
parity mode with base clusters off and gives red-dwarf the same k range.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from reddwarf.implementations import polis as reddwarf_polis
from reddwarf.utils import stats as reddwarf_stats

from participation.opinion_map import OpinionMapOptions, OpinionMapSnapshot, compute_opinion_map

from .generated import GeneratedVotes, opinion_groups

PARITY = OpinionMapOptions(base_clusters=None, bootstrap_resamples=0)

CASES = [
    # seed, participants, statements, camps, seen, light voters, moderated, meta
    (1, 40, 12, 2, 0.9, 0, 0, 0),
    (2, 60, 20, 3, 0.6, 5, 1, 0),
    (3, 90, 30, 2, 0.4, 10, 2, 1),
    (4, 120, 25, 4, 0.7, 0, 0, 1),
    (5, 150, 40, 3, 0.3, 20, 3, 0),
    (6, 200, 60, 2, 0.25, 30, 2, 2),
    (7, 75, 16, 3, 0.8, 3, 0, 0),
    (8, 300, 50, 3, 0.2, 40, 4, 1),
]


def run_both(case: tuple[int, ...]) -> tuple[OpinionMapSnapshot, Any, GeneratedVotes]:
    seed, participants, statements, camps, seen, light, n_moderated, n_meta = case
    generated = opinion_groups(
        seed=seed,
        participants=participants,
        statements=statements,
        groups=camps,
        seen=seen,
        light_voters=light,
    )
    statement_ids = sorted(set(generated.statement_ids))
    moderated = statement_ids[-n_moderated:] if n_moderated else []
    meta = statement_ids[:n_meta]
    ours = compute_opinion_map(
        generated.participant_ids,
        generated.statement_ids,
        generated.votes,
        moderated_statement_ids=moderated,
        meta_statement_ids=meta,
        options=PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = reddwarf_polis.run_pipeline(
            votes=generated.as_dicts(),
            mod_out_statement_ids=moderated + meta,
            meta_statement_ids=meta,
            max_group_count=min(5, 2 + ours.n_clustered // 12),
            random_state=0,
        )
    return ours, theirs, generated


@pytest.fixture(scope="module", params=CASES, ids=[f"seed{c[0]}" for c in CASES])
def pair(request: pytest.FixtureRequest) -> tuple[OpinionMapSnapshot, Any, GeneratedVotes]:
    return run_both(request.param)


def test_same_participants_are_clustered(pair: Any) -> None:
    ours, theirs, _ = pair
    to_cluster = theirs.participants_df["to_cluster"]
    assert ours.participants.ids == to_cluster.index.tolist()
    assert ours.participants.clustered == to_cluster.tolist()


def test_positions_match(pair: Any) -> None:
    ours, theirs, _ = pair
    df = theirs.participants_df
    np.testing.assert_allclose(ours.participants.x, df["x"], atol=1e-7)
    np.testing.assert_allclose(ours.participants.y, df["y"], atol=1e-7)


def test_statement_positions_extremity_and_priority_match(pair: Any) -> None:
    ours, theirs, _ = pair
    df = theirs.statements_df
    assert [s.statement_id for s in ours.statements] == df.index.tolist()
    np.testing.assert_allclose([s.x for s in ours.statements], df["x"], atol=1e-7)
    np.testing.assert_allclose([s.y for s in ours.statements], df["y"], atol=1e-7)
    np.testing.assert_allclose([s.extremity for s in ours.statements], df["extremity"], atol=1e-7)
    np.testing.assert_allclose(
        [s.priority for s in ours.statements], df["priority"].astype(float), rtol=1e-7
    )


def clustered_frame(ours: OpinionMapSnapshot, theirs: Any) -> Any:
    participants = theirs.participants_df
    return participants[participants["to_cluster"]]


def our_labels(ours: OpinionMapSnapshot, pids: list[Any]) -> np.ndarray:
    ids = ours.participants.ids
    return np.array([ours.participants.group[ids.index(pid)] for pid in pids])


def inertia(points: np.ndarray, labels: np.ndarray) -> float:
    return float(
        sum(
            ((points[labels == g] - points[labels == g].mean(axis=0)) ** 2).sum()
            for g in np.unique(labels)
        )
    )


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_groups_match(pair: Any) -> None:
    """Same k; same partition, unless ours is a strictly better k-means optimum.

    red-dwarf runs Lloyd once from a fixed start and stops at scikit-learn's tolerance;
    we keep the best of several starts. Where they differ, ours must have the lower
    within-group sum of squares and differ by at most 1% of the participants.
    """
    ours, theirs, _ = pair
    frame = clustered_frame(ours, theirs)
    points = frame[["x", "y"]].to_numpy()
    mine = our_labels(ours, frame.index.tolist())
    reference = frame["cluster_id"].astype(int).to_numpy()
    assert ours.clustering.k == theirs.clusterer.n_clusters
    if not same_partition(mine, reference):
        assert inertia(points, mine) < inertia(points, reference)
        contingency = np.zeros((ours.clustering.k, ours.clustering.k))
        np.add.at(contingency, (mine, reference), 1)
        moved = len(mine) - contingency.max(axis=1).sum()
        assert moved <= 0.01 * len(mine)


def reference_statistics(ours: OpinionMapSnapshot, theirs: Any) -> tuple[Any, Any]:
    """red-dwarf's statistics computed on our groups (same partition, same counts)."""
    frame = clustered_frame(ours, theirs)
    labels = our_labels(ours, frame.index.tolist())
    return reddwarf_stats.calculate_comment_statistics_dataframes(
        vote_matrix=theirs.raw_vote_matrix.loc[frame.index, :], cluster_labels=labels
    )


def test_group_figures_match(pair: Any) -> None:
    ours, theirs, _ = pair
    stats, _ = reference_statistics(ours, theirs)
    for statement in ours.statements:
        for mine in statement.groups:
            row = stats.loc[(mine.group, statement.statement_id)]
            assert (mine.n_agree, mine.n_disagree, mine.n_votes) == (row.na, row.nd, row.ns)
            for name in ("pa", "pd", "ra", "rd", "pat", "pdt", "rat", "rdt"):
                assert getattr(mine, name) == pytest.approx(row[name], rel=1e-9, abs=1e-12)


def test_group_informed_consensus_matches(pair: Any) -> None:
    ours, theirs, _ = pair
    _, consensus = reference_statistics(ours, theirs)
    np.testing.assert_allclose(
        [s.group_informed_consensus_agree for s in ours.statements],
        consensus["group-aware-consensus-agree"],
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        [s.group_informed_consensus_disagree for s in ours.statements],
        consensus["group-aware-consensus-disagree"],
        rtol=1e-9,
    )


def test_representative_statements_match(pair: Any) -> None:
    ours, theirs, _ = pair
    stats, _ = reference_statistics(ours, theirs)
    excluded = [s.statement_id for s in ours.statements if s.moderated or s.meta]
    repness = reddwarf_stats.select_representative_statements(
        grouped_stats_df=stats, mod_out_statement_ids=excluded
    )
    for group in ours.groups:
        expected = [(r["tid"], r["repful-for"]) for r in repness[group.label]]
        assert [(r.statement_id, r.direction) for r in group.representative] == expected


def test_consensus_matches(pair: Any) -> None:
    ours, theirs, _ = pair
    for direction, mine in (("agree", ours.consensus_agree), ("disagree", ours.consensus_disagree)):
        expected = [c["tid"] for c in theirs.consensus[direction]]
        assert [c.statement_id for c in mine] == expected
        for c, t in zip(mine, theirs.consensus[direction], strict=True):
            assert c.p == pytest.approx(t["p-success"])
            assert c.p_test == pytest.approx(t["p-test"])
