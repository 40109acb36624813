from budgeting.models.ballots import Ballot, BallotChoice, Channel, PaperBatch, PaperCount, VoterRoll
from budgeting.models.items import (
    Assessment,
    Feasibility,
    Incompatibility,
    Item,
    ItemAttachment,
    ItemComment,
    ItemStatus,
    Support,
    SupportQuota,
)
from budgeting.models.results import Milestone, Project, ProjectStatus, Result, ResultLine
from budgeting.models.rounds import (
    PHASE_ORDER,
    AreaRule,
    Audience,
    BallotType,
    Budget,
    Phase,
    PhaseChange,
    Round,
    Rule,
)

__all__ = [
    "PHASE_ORDER", "AreaRule", "Assessment", "Audience", "Ballot", "BallotChoice", "BallotType",
    "Budget", "Channel", "Feasibility", "Incompatibility", "Item", "ItemAttachment",
    "ItemComment", "ItemStatus", "Milestone", "PaperBatch", "PaperCount", "Phase",
    "PhaseChange", "Project", "ProjectStatus", "Result", "ResultLine", "Round", "Rule",
    "Support", "SupportQuota", "VoterRoll",
]
