"""Voters with the same ballot merged into groups: nothing lost, nothing mixed up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgeting.tally import Profile
from budgeting.tally.profile import Groups, UtilityKind

from .test_pabutools_parity import profiles


def _ballot(profile: Profile, voter: int, utilities: list[int]) -> dict[int, int]:
    a, b = int(profile.indptr[voter]), int(profile.indptr[voter + 1])
    return {
        int(j): u for j, u in zip(profile.indices[a:b].tolist(), utilities[a:b], strict=True) if u
    }


def _check(profile: Profile, groups: Groups, utilities: list[int]) -> None:
    n, m = profile.num_voters, profile.num_projects
    rows = [
        dict(
            zip(
                groups.row_project[groups.row_ptr[g] : groups.row_ptr[g + 1]].tolist(),
                groups.row_util[groups.row_ptr[g] : groups.row_ptr[g + 1]].tolist(),
                strict=True,
            )
        )
        for g in range(groups.num_groups)
    ]
    # each voter is in the group of its ballot; the weights count them; no two groups
    # hold the same ballot
    for voter in range(n):
        assert rows[int(groups.voter_group[voter])] == _ballot(profile, voter, utilities)
    counts = [0] * groups.num_groups
    for g in groups.voter_group.tolist():
        counts[g] += 1
    assert groups.weight.tolist() == counts
    assert len({tuple(sorted(r.items())) for r in rows}) == groups.num_groups
    # groups are numbered in order of their first voter, each row by project
    firsts = [groups.voter_group.tolist().index(g) for g in range(groups.num_groups)]
    assert firsts == sorted(firsts)
    for row in rows:
        assert list(row) == sorted(row)
    # the column view lists the same entries, by project then group
    for j in range(m):
        gs, ks = groups.supporters(j)
        assert gs.tolist() == sorted(gs.tolist())
        expected = [(g, row[j]) for g, row in enumerate(rows) if j in row]
        assert list(zip(gs.tolist(), ks.tolist(), strict=True)) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(profiles(), profiles("cumulative")))
def test_groups_merge_exactly_the_voters_with_the_same_ballot(profile: Profile) -> None:
    kind: UtilityKind = "approval" if profile.vote_type == "approval" else "points"
    utilities = profile.entry_utilities(kind).tolist()
    _check(profile, profile.grouped(kind), utilities)


def test_a_ballot_written_in_another_order_is_the_same_ballot() -> None:
    profile = Profile.from_ballots(
        ["a", "b", "c"], [1, 1, 1], 3, [["a", "c"], ["c", "a"], ["b"], ["c"], ["a", "c"]]
    )
    groups = profile.grouped("approval")
    assert groups.weight.tolist() == [3, 1, 1]
    assert groups.voter_group.tolist() == [0, 0, 1, 2, 0]
    _check(profile, groups, profile.entry_utilities("approval").tolist())
