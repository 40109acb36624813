"""A compact, immutable participatory-budgeting profile held in NumPy arrays.

Ballots are stored row-wise (CSR): voter ``v`` listed the projects
``indices[indptr[v]:indptr[v + 1]]`` in ballot order (for ordinal ballots, the order of
preference), with ``points`` per entry for cumulative and scoring ballots. Costs and the
budget are exact :class:`fractions.Fraction` values; points are integers (decimal points
are scaled by ``points_scale``, which changes no rule's outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")

IntArray = npt.NDArray[np.int64]

#: How a ballot entry is turned into a utility:
#: ``approval`` 1 per listed project; ``points`` the points given; ``borda`` pabutools'
#: Borda score (ballot length - position - 1, so the last ranked project gets 0);
#: ``city-borda`` the pabulib score convention (ballot length - position).
UtilityKind = Literal["approval", "points", "borda", "city-borda"]


@dataclass(frozen=True, eq=False)
class Profile:
    """Projects, budget and ballots of one election."""

    project_ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    budget: Fraction
    vote_type: str
    indptr: IntArray
    indices: IntArray
    points: IntArray | None = None
    points_scale: int = 1
    meta: dict[str, str] = field(default_factory=dict)
    project_meta: tuple[dict[str, str], ...] = ()
    voter_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        m = len(self.project_ids)
        if len(self.costs) != m:
            raise ValueError("one cost per project is required")
        if len(set(self.project_ids)) != m:
            raise ValueError("project ids must be unique")
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")
        if any(c < 0 for c in self.costs):
            raise ValueError("costs must be non-negative")
        if self.indptr.ndim != 1 or self.indptr[0] != 0 or self.indptr[-1] != len(self.indices):
            raise ValueError("indptr does not describe indices")
        if len(self.indices) and (self.indices.min() < 0 or self.indices.max() >= m):
            raise ValueError("ballot refers to an unknown project")
        if self.points is not None and len(self.points) != len(self.indices):
            raise ValueError("one point value per ballot entry is required")

    @classmethod
    def from_ballots(
        cls,
        project_ids: list[str] | tuple[str, ...],
        costs: Sequence[Fraction | int],
        budget: Fraction | int,
        ballots: list[list[str]] | list[dict[str, int]],
        vote_type: str = "approval",
    ) -> Profile:
        """Build a profile from plain Python ballots (lists of ids, or id -> points)."""
        index = {pid: j for j, pid in enumerate(project_ids)}
        indptr = [0]
        indices: list[int] = []
        points: list[int] = []
        for ballot in ballots:
            if isinstance(ballot, dict):
                for pid, pts in ballot.items():
                    indices.append(index[pid])
                    points.append(int(pts))
            else:
                indices.extend(index[pid] for pid in ballot)
            indptr.append(len(indices))
        has_points = vote_type in ("cumulative", "scoring")
        return cls(
            project_ids=tuple(project_ids),
            costs=tuple(Fraction(c) for c in costs),
            budget=Fraction(budget),
            vote_type=vote_type,
            indptr=np.asarray(indptr, dtype=np.int64),
            indices=np.asarray(indices, dtype=np.int64),
            points=np.asarray(points, dtype=np.int64) if has_points else None,
        )

    # ------------------------------------------------------------------ sizes
    @property
    def num_projects(self) -> int:
        return len(self.project_ids)

    @property
    def num_voters(self) -> int:
        return len(self.indptr) - 1

    @cached_property
    def index_of(self) -> dict[str, int]:
        return {pid: j for j, pid in enumerate(self.project_ids)}

    @cached_property
    def voter_of_entry(self) -> IntArray:
        """The voter of each ballot entry."""
        return np.repeat(np.arange(self.num_voters, dtype=np.int64), np.diff(self.indptr))

    @cached_property
    def position_of_entry(self) -> IntArray:
        """The 0-based position of each entry inside its ballot."""
        return np.arange(len(self.indices), dtype=np.int64) - self.indptr[self.voter_of_entry]

    @cached_property
    def ballot_length_of_entry(self) -> IntArray:
        lengths = np.diff(self.indptr)
        return lengths[self.voter_of_entry]

    # ------------------------------------------------------------- utilities
    @property
    def is_approval(self) -> bool:
        return self.vote_type in ("approval", "choose-1")

    def default_utility(self) -> UtilityKind:
        """Additive utilities as pabutools defines them for this ballot type."""
        if self.vote_type in ("cumulative", "scoring"):
            return "points"
        if self.vote_type == "ordinal":
            return "borda"
        return "approval"

    def city_utility(self) -> UtilityKind:
        """The score pabulib files record per project (``votes`` or ``score``)."""
        if self.vote_type in ("cumulative", "scoring"):
            return "points"
        if self.vote_type == "ordinal":
            return "city-borda"
        return "approval"

    def entry_utilities(self, kind: UtilityKind) -> IntArray:
        """The utility of each ballot entry."""
        if kind == "approval":
            return np.ones(len(self.indices), dtype=np.int64)
        if kind == "points":
            if self.points is None:
                raise ValueError(f"{self.vote_type} ballots carry no points")
            return self.points
        if kind == "borda":
            return self.ballot_length_of_entry - self.position_of_entry - 1
        if kind == "city-borda":
            return self.ballot_length_of_entry - self.position_of_entry
        raise ValueError(f"unknown utility {kind!r}")

    @cached_property
    def approvals(self) -> IntArray:
        """Number of ballots listing each project (pabutools' approval score)."""
        return np.bincount(self.indices, minlength=self.num_projects).astype(np.int64)

    def scores(self, kind: UtilityKind) -> IntArray:
        """Total utility per project (exact integers)."""
        if kind == "approval":
            return self.approvals
        out = np.zeros(self.num_projects, dtype=np.int64)
        np.add.at(out, self.indices, self.entry_utilities(kind))
        return out

    # ------------------------------------------------------------ grouping
    def grouped(self, kind: UtilityKind) -> Groups:
        """Voters with identical (project, utility) ballots merged, with multiplicities.

        Entries with utility 0 are dropped: they give no satisfaction.
        """
        util = self.entry_utilities(kind)
        keep = util > 0
        voters = self.voter_of_entry[keep]  # ascending: entries come ballot by ballot
        projects = self.indices[keep]
        util = util[keep]
        n = self.num_voters
        m = self.num_projects
        if n == 0:
            return Groups.from_entries(
                np.zeros(0, np.int64),
                np.zeros(0, np.int64),
                np.zeros(0, np.int64),
                np.zeros(0, np.int64),
                m,
            )
        lengths = np.bincount(voters, minlength=n)
        width = int(lengths.max())
        umax = int(util.max()) + 1 if len(util) else 1
        if width * n <= 20_000_000 and umax * (m + 1) < 2**62:
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            pos = np.arange(len(voters)) - starts[voters]
            key = np.full((n, max(width, 1)), -1, dtype=np.int64)
            key[voters, pos] = projects * umax + util
            key.sort(axis=1)  # canonical: by project, the padding first
            inverse, counts = _unique_rows(key)
            _, first = np.unique(inverse, return_index=True)
            # groups numbered in order of their first voter
            order = np.argsort(first)
            renumber = np.empty(len(order), dtype=np.int64)
            renumber[order] = np.arange(len(order))
            # each group's ballot, group by group, by project within
            rows = key[first[order]]
            entries = rows[rows >= 0]
            return Groups.from_entries(
                np.repeat(np.arange(len(order), dtype=np.int64), (rows >= 0).sum(axis=1)),
                entries // umax,
                entries % umax,
                counts[order].astype(np.int64),
                m,
                voter_group=renumber[inverse],
                by_group=True,
            )
        # no grouping: every voter is its own group
        return Groups.from_entries(
            voters,
            projects,
            util,
            np.ones(n, dtype=np.int64),
            m,
            voter_group=np.arange(n, dtype=np.int64),
        )


def _unique_rows(key: IntArray) -> tuple[IntArray, IntArray]:
    """Group identical rows: (group of each row, size of each group).

    Rows are hashed with a fixed linear hash; the grouping is then verified row by
    row and, should two different rows ever share a hash, redone exactly.
    """
    with np.errstate(over="ignore"):
        odd = _mixed(key.shape[1]) | np.uint64(1)
        h = (key.astype(np.uint64) * odd[np.newaxis, :]).sum(axis=1, dtype=np.uint64)
    _, first, inverse, counts = np.unique(
        h, return_index=True, return_inverse=True, return_counts=True
    )
    inverse = inverse.reshape(-1)
    if not np.array_equal(key[first[inverse]], key):
        _, inverse, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
    return inverse.astype(np.int64), counts.astype(np.int64)


def _mixed(count: int) -> npt.NDArray[np.uint64]:
    """``count`` fixed, well-mixed 64-bit numbers (splitmix64 of 1, 2, ...)."""
    with np.errstate(over="ignore"):
        z = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


@dataclass(frozen=True, eq=False)
class Groups:
    """Distinct ballots with multiplicities, indexed both ways.

    ``weight[g]`` voters cast ballot ``g``. Column view (per project):
    ``sup_ptr[j]:sup_ptr[j + 1]`` slices ``sup_group`` (the groups supporting ``j``)
    and ``sup_util`` (their utility for ``j``, > 0).
    """

    weight: IntArray
    sup_ptr: IntArray
    sup_group: IntArray
    sup_util: IntArray
    row_ptr: IntArray
    row_project: IntArray
    row_util: IntArray
    voter_group: IntArray

    @classmethod
    def from_entries(
        cls,
        groups: IntArray,
        projects: IntArray,
        util: IntArray,
        weight: IntArray,
        m: int,
        voter_group: IntArray | None = None,
        by_group: bool = False,
    ) -> Groups:
        """Indexes entries ``(groups[e], projects[e], util[e])``; ``by_group``: they
        are already in order of group, then project."""
        g = len(weight)
        if by_group:
            # a stable sort by project alone keeps the groups in order (a radix sort
            # when the project indices fit in 16 bits)
            small = np.uint16 if m <= 2**16 else np.int64
            col = np.argsort(projects.astype(small), kind="stable")
            row_project, row_util = projects, util
        else:
            # by project then group, and by group then project: one stable sort of a
            # combined key each (the order lexsort gives, in about half its time)
            col = np.argsort(projects * max(g, 1) + groups, kind="stable")
            row = np.argsort(groups * max(m, 1) + projects, kind="stable")
            row_project, row_util = projects[row], util[row]
        sup_ptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.bincount(projects, minlength=m), out=sup_ptr[1:])
        row_ptr = np.zeros(g + 1, dtype=np.int64)
        np.cumsum(np.bincount(groups, minlength=g), out=row_ptr[1:])
        return cls(
            weight=weight,
            sup_ptr=sup_ptr,
            sup_group=groups[col],
            sup_util=util[col],
            row_ptr=row_ptr,
            row_project=row_project,
            row_util=row_util,
            voter_group=voter_group if voter_group is not None else np.arange(g, dtype=np.int64),
        )

    @property
    def num_groups(self) -> int:
        return len(self.weight)

    def supporters(self, j: int) -> tuple[IntArray, IntArray]:
        a, b = self.sup_ptr[j], self.sup_ptr[j + 1]
        return self.sup_group[a:b], self.sup_util[a:b]

    def total_utility(self) -> list[int]:
        """Sum over voters of the utility of each project (exact Python ints)."""
        m = len(self.sup_ptr) - 1
        w = self.weight[self.sup_group]
        out: list[int] = []
        for j in range(m):
            a, b = int(self.sup_ptr[j]), int(self.sup_ptr[j + 1])
            out.append(int(np.dot(w[a:b], self.sup_util[a:b])) if b > a else 0)
        return out
