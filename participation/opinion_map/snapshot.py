"""The opinion map snapshot: plain dataclasses that serialise to JSON as they are.

Every number is a Python int/float/bool/str (or None where a figure does not apply), so
`dataclasses.asdict` and `json.dumps` work without custom encoders.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from .clustering import GroupCountHistory

Id = int | str


@dataclass(frozen=True)
class PreviousMap:
    """What the previous refresh published, for stable labels and k smoothing."""

    labels: dict[Id, int] = field(default_factory=dict)
    group_count: GroupCountHistory | None = None


@dataclass(frozen=True)
class WeightedFigures:
    """Figures from raked weights, counted at the effective sample size."""

    n_effective: float
    pa: float
    pd: float
    ra: float
    rd: float
    pat: float
    pdt: float
    rat: float
    rdt: float


@dataclass(frozen=True)
class StatementGroupFigures:
    """One group's figures on one statement (math doc step 6), raw counts."""

    group: int
    n_agree: int
    n_disagree: int
    n_votes: int
    pa: float
    pd: float
    ra: float
    rd: float
    pat: float
    pdt: float
    rat: float
    rdt: float
    q_agree: float | None
    q_disagree: float | None
    bridge_quantile: float
    weighted: WeightedFigures | None = None


@dataclass(frozen=True)
class RepresentativeStatement:
    """Why a statement represents a group, ready for a plain-language sentence.

    `share_in` / `share_out`: raw share of the group / of the other clustered participants
    who voted `direction` (e.g. "83% of group A agreed, against 10% of everyone else").
    """

    statement_id: Id
    direction: str
    best_agree: bool
    n_success: int
    n_votes: int
    p: float
    p_test: float
    repness: float
    repness_test: float
    share_in: float | None
    share_out: float | None
    q: float | None


@dataclass(frozen=True)
class Group:
    """An opinion group. `label` is stable across refreshes; `name` is 'A', 'B', ..."""

    label: int
    name: str
    size: int
    share: float
    centre: tuple[float, float]
    hidden: bool
    representative: list[RepresentativeStatement]
    representative_fdr: list[RepresentativeStatement]
    representative_weighted: list[RepresentativeStatement] | None = None


@dataclass(frozen=True)
class ConsensusStatement:
    statement_id: Id
    direction: str
    n_success: int
    n_votes: int
    p: float
    p_test: float


@dataclass(frozen=True)
class ChannelFigures:
    online_agree: int
    online_votes: int
    room_agree: int
    room_votes: int
    z: float
    q: float | None
    diverges: bool


@dataclass(frozen=True)
class Statement:
    """Everything known about one statement. Counts are over everyone who voted."""

    statement_id: Id
    moderated: bool
    meta: bool
    n_agree: int
    n_disagree: int
    n_pass: int
    n_votes: int
    agree_share: float | None
    x: float
    y: float
    extremity: float
    priority: float
    group_informed_consensus_agree: float
    group_informed_consensus_disagree: float
    normalised_consensus: float
    bridge_score: float
    divisiveness: float
    groups: list[StatementGroupFigures]
    weighted_agree_share: float | None = None
    channels: ChannelFigures | None = None


@dataclass(frozen=True)
class Participants:
    """Positions in columns (one entry per participant who voted), sorted by id.

    `group` is the group label of clustered participants (None otherwise);
    `nearest_group` places everyone, clustered or not, with the closest group centre.
    """

    ids: list[Id]
    x: list[float]
    y: list[float]
    n_votes: list[int]
    clustered: list[bool]
    group: list[int | None]
    nearest_group: list[int | None]
    weight: list[float] | None = None


@dataclass(frozen=True)
class GroupCountChoice:
    k: int
    silhouette: float


@dataclass(frozen=True)
class ClusteringSummary:
    """How k was chosen: silhouette per k tried, the best k and the k used (smoothing)."""

    k: int
    best_k: int | None
    best_silhouette: float | None
    tried: list[GroupCountChoice]
    k_candidate: int | None
    k_candidate_streak: int
    base_clusters: int


@dataclass(frozen=True)
class Publication:
    """Whether to show groups. `status` is 'groups' or 'consensus_only'."""

    status: str
    reasons: list[str]
    stability: float | None
    hidden_groups: list[int]


@dataclass(frozen=True)
class OpinionMapSnapshot:
    parameters: dict[str, Any]
    n_participants: int
    n_statements: int
    n_votes: int
    n_clustered: int
    pca_method: str
    explained_variance_ratio: tuple[float, float]
    participants: Participants
    groups: list[Group]
    clustering: ClusteringSummary
    publication: Publication
    consensus_agree: list[ConsensusStatement]
    consensus_disagree: list[ConsensusStatement]
    common_ground: list[Id]
    divisive: list[Id]
    channel_divergent: list[Id]
    statements: list[Statement]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False, separators=(",", ":"))

    def group_of(self, participant_id: Id) -> int | None:
        try:
            index = self.participants.ids.index(participant_id)
        except ValueError:
            return None
        return self.participants.group[index]

    def statement(self, statement_id: Id) -> Statement:
        for statement in self.statements:
            if statement.statement_id == statement_id:
                return statement
        raise KeyError(statement_id)

    def group(self, label: int) -> Group:
        for group in self.groups:
            if group.label == label:
                return group
        raise KeyError(label)

    def as_previous(self) -> PreviousMap:
        """The state the next refresh needs for stable labels and k smoothing."""
        labels = {
            pid: label
            for pid, label in zip(self.participants.ids, self.participants.group, strict=True)
            if label is not None
        }
        return PreviousMap(
            labels=labels,
            group_count=GroupCountHistory(
                k=self.clustering.k,
                candidate=self.clustering.k_candidate,
                streak=self.clustering.k_candidate_streak,
            ),
        )
