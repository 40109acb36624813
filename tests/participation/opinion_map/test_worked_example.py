"""The worked example of the math doc reproduces the expected groups and figures."""

from __future__ import annotations

import json

import pytest

from participation.opinion_map import OpinionMapOptions, OpinionMapSnapshot, compute_opinion_map

from .worked_example import worked_example_votes

GROUP_A = {f"p{i}" for i in range(6)} | {"p12"}
GROUP_B = {f"p{i}" for i in range(6, 12)}


@pytest.fixture(scope="module")
def snapshot() -> OpinionMapSnapshot:
    return compute_opinion_map(*worked_example_votes())


def members(snapshot: OpinionMapSnapshot, label: int) -> set[str]:
    return {
        str(pid)
        for pid, group in zip(snapshot.participants.ids, snapshot.participants.group, strict=True)
        if group == label
    }


def picks(snapshot: OpinionMapSnapshot, label: int) -> list[tuple[str, str]]:
    return [(str(r.statement_id), r.direction) for r in snapshot.group(label).representative]


def test_p12_is_topped_up_into_group_a_and_everyone_is_projected(
    snapshot: OpinionMapSnapshot,
) -> None:
    assert snapshot.n_clustered == 13
    assert all(snapshot.participants.clustered)
    assert members(snapshot, 0) == GROUP_A
    assert members(snapshot, 1) == GROUP_B


def test_without_top_up_p12_is_projected_but_not_clustered() -> None:
    snapshot = compute_opinion_map(*worked_example_votes(), options=OpinionMapOptions(top_up_to=0))
    index = snapshot.participants.ids.index("p12")
    assert snapshot.n_clustered == 12
    assert snapshot.participants.clustered[index] is False
    assert snapshot.participants.group[index] is None
    assert snapshot.participants.x[index] > 1.0  # on group A's side of the map
    assert snapshot.participants.nearest_group[index] == 0
    assert members(snapshot, 0) == GROUP_A - {"p12"}


def test_two_groups_chosen_by_silhouette(snapshot: OpinionMapSnapshot) -> None:
    tried = {choice.k: choice.silhouette for choice in snapshot.clustering.tried}
    assert sorted(tried) == [2, 3]
    assert snapshot.clustering.k == 2
    assert snapshot.clustering.best_silhouette == pytest.approx(0.709, abs=5e-4)
    assert [g.name for g in snapshot.groups] == ["A", "B"]
    assert snapshot.publication.status == "groups"


def test_representative_statements_of_group_a(snapshot: OpinionMapSnapshot) -> None:
    assert picks(snapshot, 0) == [
        ("s0", "agree"),
        ("s2", "agree"),
        ("s1", "agree"),
        ("s3", "disagree"),
        ("s4", "disagree"),
    ]
    figures = {str(r.statement_id): r for r in snapshot.group(0).representative}
    assert figures["s0"].repness == pytest.approx(7.11, abs=5e-3)
    assert figures["s0"].repness_test == pytest.approx(3.38, abs=5e-3)
    assert figures["s0"].best_agree
    assert figures["s2"].repness == pytest.approx(6.0)
    assert figures["s1"].repness == pytest.approx(6.0)
    assert figures["s3"].repness == pytest.approx(6.86, abs=5e-3)
    assert figures["s3"].repness_test == pytest.approx(3.09, abs=5e-3)
    assert figures["s4"].repness == pytest.approx(5.25)
    assert figures["s4"].repness_test == pytest.approx(2.49, abs=5e-3)
    # Plain-language numbers: all 7 of group A agree with s0, none of the others do.
    assert figures["s0"].share_in == 1.0
    assert figures["s0"].share_out == 0.0


def test_representative_statements_of_group_b(snapshot: OpinionMapSnapshot) -> None:
    assert picks(snapshot, 1) == [
        ("s4", "agree"),
        ("s3", "agree"),
        ("s0", "disagree"),
        ("s2", "disagree"),
        ("s1", "disagree"),
    ]
    figures = {str(r.statement_id): r for r in snapshot.group(1).representative}
    assert figures["s4"].repness == pytest.approx(6.86, abs=5e-3)
    assert figures["s4"].repness_test == pytest.approx(3.09, abs=5e-3)
    assert figures["s0"].repness == pytest.approx(7.88, abs=5e-3)
    assert figures["s0"].repness_test == pytest.approx(3.39, abs=5e-3)


def test_consensus(snapshot: OpinionMapSnapshot) -> None:
    assert [(str(c.statement_id), round(c.p, 3)) for c in snapshot.consensus_agree] == [
        ("s5", 0.923),
        ("s6", 0.846),
    ]
    assert snapshot.consensus_disagree == []


def test_group_informed_consensus(snapshot: OpinionMapSnapshot) -> None:
    gic = {str(s.statement_id): s.group_informed_consensus_agree for s in snapshot.statements}
    assert gic["s5"] == pytest.approx(0.750, abs=5e-4)
    assert gic["s6"] == pytest.approx(0.643, abs=5e-4)
    assert gic["s7"] == pytest.approx(0.141, abs=5e-4)
    for statement in ("s0", "s1", "s2", "s3", "s4"):
        assert 0.094 - 5e-4 <= gic[statement] <= 0.125 + 5e-4


def test_extremity(snapshot: OpinionMapSnapshot) -> None:
    extremity = {str(s.statement_id): s.extremity for s in snapshot.statements}
    assert max(extremity, key=extremity.__getitem__) == "s7"
    assert extremity["s7"] == pytest.approx(2.677, abs=5e-4)
    assert extremity["s5"] == pytest.approx(0.0, abs=1e-12)


def test_common_ground_and_stability(snapshot: OpinionMapSnapshot) -> None:
    bridge = {str(s.statement_id): s.bridge_score for s in snapshot.statements}
    assert bridge["s5"] == pytest.approx(0.681, abs=5e-4)
    assert bridge["s6"] == pytest.approx(0.547, abs=5e-4)
    assert all(value <= 0.17 + 5e-4 for key, value in bridge.items() if key not in {"s5", "s6"})
    assert snapshot.statement("s5").normalised_consensus == pytest.approx(0.866, abs=5e-4)
    assert [str(s) for s in snapshot.common_ground] == ["s5", "s6"]
    assert snapshot.publication.stability == pytest.approx(1.0)


def test_snapshot_round_trips_through_json(snapshot: OpinionMapSnapshot) -> None:
    data = json.loads(snapshot.to_json())
    assert data == json.loads(json.dumps(snapshot.to_dict()))
    assert data["groups"][0]["representative"][0]["statement_id"] == "s0"
    assert data["clustering"]["k"] == 2
