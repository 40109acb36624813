"""Property tests: row order invariance, moderated statements zeroed, unclustered projected."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.opinion_map import OpinionMapOptions, compute_opinion_map

FAST = OpinionMapOptions(bootstrap_resamples=10)
# Derandomized so that a shared CI run is reproducible.
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None)

Votes = tuple[list[int], list[int], list[int]]


@st.composite
def vote_lists(draw: st.DrawFn, min_participants: int = 3) -> Votes:
    """A random dialogue: each (participant, statement) cell is missing or a vote."""
    n_participants = draw(st.integers(min_participants, 30))
    n_statements = draw(st.integers(2, 10))
    density = draw(st.floats(0.2, 1.0))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    cells = rng.random((n_participants, n_statements)) < density
    cells[:, 0] = True  # everyone voted at least once
    cells[0, :] = True  # every statement has a vote
    values = rng.choice([-1, 0, 1], size=cells.shape, p=[0.4, 0.2, 0.4])
    rows, cols = np.nonzero(cells)
    return (
        [int(r) * 5 + 11 for r in rows],
        [int(c) * 3 + 2 for c in cols],
        [int(values[r, c]) for r, c in zip(rows, cols, strict=True)],
    )


@PROPERTY_SETTINGS
@given(votes=vote_lists(), order_seed=st.integers(0, 2**32 - 1))
def test_vote_order_does_not_change_the_snapshot(votes: Votes, order_seed: int) -> None:
    participants, statements, values = votes
    order = np.random.default_rng(order_seed).permutation(len(values))
    shuffled = (
        [participants[i] for i in order],
        [statements[i] for i in order],
        [values[i] for i in order],
    )
    assert (
        compute_opinion_map(*votes, options=FAST).to_json()
        == compute_opinion_map(*shuffled, options=FAST).to_json()
    )


@PROPERTY_SETTINGS
@given(votes=vote_lists(), data=st.data())
def test_moderated_statements_are_zeroed_for_the_geometry_only(
    votes: Votes, data: st.DataObject
) -> None:
    participants, statements, values = votes
    statement_ids = sorted(set(statements))
    moderated = data.draw(
        st.lists(st.sampled_from(statement_ids), max_size=len(statement_ids) - 1, unique=True)
    )
    snapshot = compute_opinion_map(*votes, moderated_statement_ids=moderated, options=FAST)

    # Votes on moderated statements flipped: same picture, same groups.
    flipped = [-v if s in moderated else v for s, v in zip(statements, values, strict=True)]
    other = compute_opinion_map(
        participants, statements, flipped, moderated_statement_ids=moderated, options=FAST
    )
    assert other.participants.x == snapshot.participants.x
    assert other.participants.y == snapshot.participants.y
    assert other.participants.group == snapshot.participants.group

    for statement in snapshot.statements:
        raw = [v for s, v in zip(statements, values, strict=True) if s == statement.statement_id]
        # Raw votes are kept for the counts, moderated or not.
        assert statement.n_votes == len(raw)
        assert statement.n_agree == raw.count(1)
        assert statement.moderated == (statement.statement_id in moderated)
        if statement.moderated:
            assert (statement.x, statement.y, statement.extremity) == (0.0, 0.0, 0.0)

    shown = {c.statement_id for c in snapshot.consensus_agree + snapshot.consensus_disagree}
    shown |= set(snapshot.common_ground) | set(snapshot.divisive)
    for group in snapshot.groups:
        shown |= {r.statement_id for r in group.representative + group.representative_fdr}
    assert shown.isdisjoint(moderated)


@PROPERTY_SETTINGS
@given(votes=vote_lists(min_participants=5))
def test_unclustered_participants_are_projected(votes: Votes) -> None:
    participants, statements, values = votes
    # A newcomer who agrees with one statement only, and is not clustered.
    target = statements[0]
    newcomer = max(participants) + 1
    votes = ([*participants, newcomer], [*statements, target], [*values, 1])
    without_top_up = compute_opinion_map(
        *votes, options=OpinionMapOptions(top_up_to=0, bootstrap_resamples=0)
    )
    everyone = compute_opinion_map(
        *votes, options=OpinionMapOptions(top_up_to=10_000, min_votes=10_000, bootstrap_resamples=0)
    )
    p = without_top_up.participants
    threshold = min(7, without_top_up.n_statements)
    assert p.clustered == [n >= threshold for n in p.n_votes]
    assert all(everyone.participants.clustered)

    # Clustering someone or not does not move anyone on the map.
    np.testing.assert_allclose(p.x, everyone.participants.x, atol=1e-9)
    np.testing.assert_allclose(p.y, everyone.participants.y, atol=1e-9)

    for index, clustered in enumerate(p.clustered):
        assert math.isfinite(p.x[index]) and math.isfinite(p.y[index])
        assert (p.nearest_group[index] is None) == (not without_top_up.groups)
        assert (p.group[index] is None) == (not clustered)

    # Agreeing with a single statement puts the newcomer exactly on that statement.
    index = p.ids.index(newcomer)
    assert not p.clustered[index]
    statement = without_top_up.statement(target)
    assert math.isclose(p.x[index], statement.x, abs_tol=1e-9)
    assert math.isclose(p.y[index], statement.y, abs_tol=1e-9)


@PROPERTY_SETTINGS
@given(votes=vote_lists())
def test_groups_partition_the_clustered_participants(votes: Votes) -> None:
    snapshot = compute_opinion_map(*votes, options=FAST)
    labels = [g for g in snapshot.participants.group if g is not None]
    assert len(labels) == snapshot.n_clustered
    assert sorted({g.label for g in snapshot.groups}) == sorted(set(labels))
    assert sum(g.size for g in snapshot.groups) == snapshot.n_clustered
    assert 1 <= snapshot.clustering.k <= min(5, 2 + snapshot.n_clustered // 12)
    assert snapshot.publication.status in {"groups", "consensus_only"}
    for statement in snapshot.statements:
        assert 0.0 <= statement.bridge_score <= 1.0
        assert 0.0 <= statement.divisiveness < 1.0
        assert statement.n_agree + statement.n_disagree + statement.n_pass == statement.n_votes
