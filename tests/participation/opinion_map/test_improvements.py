"""The improvements beyond Pol.is: each switchable and shown beside the parity numbers."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from participation.opinion_map import (
    GroupCountHistory,
    OpinionMapOptions,
    OpinionMapSnapshot,
    PreviousMap,
    compute_opinion_map,
)

from .generated import opinion_groups
from .worked_example import worked_example_votes

GROUP_A = [f"p{i}" for i in range(6)] + ["p12"]
GROUP_B = [f"p{i}" for i in range(6, 12)]


def group_of(snapshot: OpinionMapSnapshot, pid: str) -> int | None:
    return snapshot.participants.group[snapshot.participants.ids.index(pid)]


# Stable labels ---------------------------------------------------------------------------


def test_previous_labels_are_kept_by_member_overlap() -> None:
    previous = PreviousMap(labels={**dict.fromkeys(GROUP_A, 1), **dict.fromkeys(GROUP_B, 0)})
    snapshot = compute_opinion_map(*worked_example_votes(), previous=previous)
    assert group_of(snapshot, "p0") == 1
    assert group_of(snapshot, "p6") == 0
    assert snapshot.group(1).name == "B"
    assert snapshot.group(1).size == 7
    assert snapshot.group(1).representative[0].statement_id == "s0"
    # Statement figures follow the labels too.
    s0 = {f.group: f for f in snapshot.statement("s0").groups}
    assert s0[1].n_agree == 7
    assert s0[0].n_agree == 0


def test_unmatched_groups_take_the_smallest_free_label() -> None:
    previous = PreviousMap(labels=dict.fromkeys(GROUP_A + GROUP_B, 4))
    snapshot = compute_opinion_map(*worked_example_votes(), previous=previous)
    assert group_of(snapshot, "p0") == 4  # the larger overlap keeps the old label
    assert group_of(snapshot, "p6") == 0
    assert [g.name for g in snapshot.groups] == ["A", "E"]


def test_stable_labels_can_be_switched_off() -> None:
    previous = PreviousMap(labels={**dict.fromkeys(GROUP_A, 1), **dict.fromkeys(GROUP_B, 0)})
    snapshot = compute_opinion_map(
        *worked_example_votes(),
        previous=previous,
        options=OpinionMapOptions(stable_labels=False),
    )
    assert group_of(snapshot, "p0") == 0


def test_a_snapshot_hands_its_labels_to_the_next_refresh() -> None:
    first = compute_opinion_map(*worked_example_votes())
    previous = first.as_previous()
    assert previous.labels["p0"] == 0
    assert previous.group_count == GroupCountHistory(k=2, candidate=None, streak=0)
    assert compute_opinion_map(*worked_example_votes(), previous=previous) == first


# k smoothing (Pol.is: a new k must win several refreshes in a row) -----------------------


def test_a_new_group_count_must_win_four_refreshes_in_a_row() -> None:
    previous = PreviousMap(group_count=GroupCountHistory(k=3))
    ks = []
    for _ in range(4):
        snapshot = compute_opinion_map(*worked_example_votes(), previous=previous)
        ks.append(snapshot.clustering.k)
        previous = PreviousMap(group_count=snapshot.as_previous().group_count)
    assert ks == [3, 3, 3, 2]
    assert snapshot.clustering.best_k == 2


def test_k_smoothing_can_be_switched_off() -> None:
    snapshot = compute_opinion_map(
        *worked_example_votes(),
        previous=PreviousMap(group_count=GroupCountHistory(k=3)),
        options=OpinionMapOptions(k_smoothing_wins=1),
    )
    assert snapshot.clustering.k == 2


# No forced split, stability, privacy ----------------------------------------------------


def test_weak_separation_reports_consensus_only() -> None:
    strict = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_silhouette=0.75)
    )
    assert strict.publication.status == "consensus_only"
    assert strict.publication.reasons == ["weak_separation"]
    assert len(strict.groups) == 2  # the parity groups are still there, beside the verdict
    lenient = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_silhouette=0.70)
    )
    assert lenient.publication.status == "groups"
    off = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_silhouette=None)
    )
    assert off.publication.status == "groups"


def test_identical_voters_form_one_group_with_consensus_only() -> None:
    participants = [p for p in range(20) for _ in range(8)]
    statements = [s for _ in range(20) for s in range(8)]
    votes = [1 if s % 3 else -1 for s in statements]
    snapshot = compute_opinion_map(participants, statements, votes)
    assert snapshot.clustering.k == 1
    assert snapshot.publication.status == "consensus_only"
    assert snapshot.publication.reasons == ["single_group"]
    assert snapshot.groups[0].representative == []
    assert snapshot.divisive == []
    assert {c.statement_id for c in snapshot.consensus_agree} == {1, 2, 4, 5, 7}
    assert {c.statement_id for c in snapshot.consensus_disagree} == {0, 3, 6}


def test_stability_is_high_for_real_camps_and_lower_for_noise() -> None:
    camps = opinion_groups(seed=11, participants=150, statements=30, groups=3, seen=0.5)
    structured = compute_opinion_map(camps.participant_ids, camps.statement_ids, camps.votes)
    rng = np.random.default_rng(3)
    noise_votes = rng.choice([-1, 0, 1], size=len(camps.votes)).tolist()
    noise = compute_opinion_map(camps.participant_ids, camps.statement_ids, noise_votes)
    assert structured.publication.stability is not None
    assert noise.publication.stability is not None
    assert structured.publication.stability >= 0.95
    assert structured.publication.status == "groups"
    assert noise.publication.stability < structured.publication.stability


def test_instability_withholds_groups() -> None:
    snapshot = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_stability=1.01)
    )
    assert snapshot.publication.reasons == ["unstable"]
    assert snapshot.publication.status == "consensus_only"


def test_small_groups_are_hidden() -> None:
    default = compute_opinion_map(*worked_example_votes())
    assert default.publication.hidden_groups == []
    bigger_floor = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_group_size=7)
    )
    assert bigger_floor.publication.hidden_groups == [1]
    assert [g.hidden for g in bigger_floor.groups] == [False, True]
    by_share = compute_opinion_map(
        *worked_example_votes(), options=OpinionMapOptions(min_group_share=0.5)
    )
    assert by_share.publication.hidden_groups == [1]


# Common ground -----------------------------------------------------------------------------


def test_divisive_statements_are_the_ones_groups_split_on() -> None:
    snapshot = compute_opinion_map(*worked_example_votes())
    assert set(snapshot.divisive) == {"s0", "s1", "s2", "s3", "s4"}
    assert snapshot.divisive[0] == "s0"
    assert snapshot.statement("s0").divisiveness == pytest.approx(8 / 9 - 1 / 8)


# Benjamini-Hochberg -------------------------------------------------------------------------


def test_representative_statements_under_fdr_control() -> None:
    snapshot = compute_opinion_map(*worked_example_votes())
    for group in snapshot.groups:
        assert group.representative_fdr
        for pick in group.representative_fdr:
            assert pick.q is not None and pick.q <= 0.10
    none = compute_opinion_map(*worked_example_votes(), options=OpinionMapOptions(fdr_q=0.0))
    assert all(group.representative_fdr == [] for group in none.groups)
    assert [r.statement_id for r in none.groups[0].representative] == [
        r.statement_id for r in snapshot.groups[0].representative
    ]


def test_fdr_is_stricter_than_the_uncorrected_threshold_on_many_statements() -> None:
    camps = opinion_groups(seed=5, participants=40, statements=120, groups=2, seen=0.4)
    snapshot = compute_opinion_map(camps.participant_ids, camps.statement_ids, camps.votes)
    uncorrected = sum(
        (f.pat > 1.2816 and f.rat > 1.2816) + (f.pdt > 1.2816 and f.rdt > 1.2816)
        for s in snapshot.statements
        for f in s.groups
    )
    corrected = sum(
        ((f.q_agree or 1.0) <= 0.1) + ((f.q_disagree or 1.0) <= 0.1)
        for s in snapshot.statements
        for f in s.groups
    )
    assert 0 < corrected < uncorrected


# Representative weighting ---------------------------------------------------------------------


def north_south_dialogue() -> tuple[
    tuple[list[int], list[int], list[int]], dict[int, dict[str, str]]
]:
    """80 people from the north agree with statement 0, 20 from the south disagree."""
    participants, statements, votes = [], [], []
    attributes = {}
    for pid in range(100):
        north = pid < 80
        attributes[pid] = {"area": "north" if north else "south", "age": ["young", "old"][pid % 2]}
        for statement in range(8):
            participants.append(pid)
            statements.append(statement)
            if statement == 0:
                votes.append(1 if north else -1)
            else:
                votes.append(1 if (statement + pid) % 3 else -1)
    return (participants, statements, votes), attributes


def test_raked_weights_match_the_census_margins() -> None:
    votes, attributes = north_south_dialogue()
    margins = {"area": {"north": 0.5, "south": 0.5}, "age": {"young": 0.3, "old": 0.7}}
    snapshot = compute_opinion_map(*votes, attributes=attributes, margins=margins)
    weights = np.array(snapshot.participants.weight)
    ids = snapshot.participants.ids
    for dimension, shares in margins.items():
        for category, share in shares.items():
            members = [
                i for i, pid in enumerate(ids) if attributes[int(pid)][dimension] == category
            ]
            assert weights[members].sum() / weights.sum() == pytest.approx(share, abs=1e-6)
    # Unweighted 80% agree; weighted to a 50/50 census, half agree.
    s0 = snapshot.statement(0)
    assert s0.agree_share == pytest.approx(0.8)
    assert s0.weighted_agree_share == pytest.approx(0.5, abs=1e-6)
    for figures in s0.groups:
        assert figures.weighted is not None
        assert figures.weighted.n_effective < figures.n_votes
    assert all(group.representative_weighted is not None for group in snapshot.groups)
    json.loads(snapshot.to_json())


def test_census_equal_to_the_sample_leaves_figures_unchanged() -> None:
    votes, attributes = north_south_dialogue()
    margins = {"area": {"north": 0.8, "south": 0.2}}
    snapshot = compute_opinion_map(*votes, attributes=attributes, margins=margins)
    assert snapshot.participants.weight == pytest.approx([1.0] * 100)
    for statement in snapshot.statements:
        for figures in statement.groups:
            assert figures.weighted is not None
            assert figures.weighted.n_effective == pytest.approx(figures.n_votes)
            assert figures.weighted.pa == pytest.approx(figures.pa)
            assert figures.weighted.rat == pytest.approx(figures.rat)
    for group in snapshot.groups:
        assert group.representative_weighted == group.representative


# Online versus in the room ------------------------------------------------------------------


def test_online_and_room_divergence_is_flagged() -> None:
    participants, statements, votes, channels = [], [], [], []
    for pid in range(80):
        online = pid < 40
        for statement in range(8):
            participants.append(pid)
            statements.append(statement)
            channels.append("online" if online else "room")
            if statement == 1:
                votes.append(1 if online else -1)
            elif statement == 2:
                votes.append(1)
            else:
                votes.append(1 if (statement * pid) % 4 else -1)
    snapshot = compute_opinion_map(participants, statements, votes, channels=channels)
    assert snapshot.channel_divergent == [1]
    figures = snapshot.statement(1).channels
    assert figures is not None
    assert (figures.online_agree, figures.online_votes) == (40, 40)
    assert (figures.room_agree, figures.room_votes) == (0, 40)
    assert figures.z > 0 and figures.diverges
    same = snapshot.statement(2).channels
    assert same is not None and not same.diverges and same.z == 0.0
    json.loads(snapshot.to_json())


def test_without_channels_there_is_no_divergence_check() -> None:
    snapshot = compute_opinion_map(*worked_example_votes())
    assert snapshot.channel_divergent == []
    assert all(statement.channels is None for statement in snapshot.statements)


# Input ------------------------------------------------------------------------------------


def test_the_latest_vote_counts() -> None:
    participants, statements, votes = worked_example_votes()
    changed = compute_opinion_map([*participants, "p12"], [*statements, "s0"], [*votes, -1])
    assert (
        changed.statement("s0").n_votes
        == compute_opinion_map(participants, statements, votes).statement("s0").n_votes
    )
    assert changed.statement("s0").n_disagree == 7


@pytest.mark.parametrize(
    ("participants", "statements", "votes", "channels", "message"),
    [
        ([1], [1], [2], None, "votes must be"),
        ([1, 2], [1], [1], None, "same length"),
        ([1], [1], [1], ["web"], "unknown channel"),
        ([], [], [], None, "at least one vote"),
        ([1.5], [1], [1], None, "integers or all strings"),
    ],
)
def test_bad_input_is_refused(
    participants: list[Any],
    statements: list[Any],
    votes: list[Any],
    channels: list[str] | None,
    message: str,
) -> None:
    with pytest.raises(ValueError, match=message):
        compute_opinion_map(participants, statements, votes, channels=channels)
