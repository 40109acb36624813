"""The official actions the audit trail knows, with a label and whether each is public.

An action is public by nature when the platform already shows it to everyone (a process
opened, closed, results published, a moderation decision with its public reason, an official
response). Everything else (assessments, edits, paper ballot entry) is shown to the
organisation's officials and administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActionKind:
    label: str | Promise
    public: bool


ACTIONS: dict[str, ActionKind] = {
    # Consultations
    "consultation.scheduled": ActionKind(_("Consultation scheduled"), True),
    "consultation.opened": ActionKind(_("Consultation opened"), True),
    "consultation.closed": ActionKind(_("Consultation closed"), True),
    "consultation.edited": ActionKind(_("Consultation edited after publication"), False),
    "consultation.answered": ActionKind(_("Official answer published"), True),
    "consultation.version_published": ActionKind(_("New draft version published"), True),
    "consultation.comment_moderated": ActionKind(_("Comment moderated"), True),
    "consultation.text_answer_moderated": ActionKind(_("Text answer moderated"), False),
    # Dialogues
    "dialogue.phase_changed": ActionKind(_("Dialogue phase changed"), True),
    "dialogue.edited": ActionKind(_("Dialogue edited after publication"), False),
    "dialogue.statement_moderated": ActionKind(_("Statement moderated"), True),
    "dialogue.reply_moderated": ActionKind(_("Reply moderated"), True),
    "dialogue.participant_blocked": ActionKind(_("Participant blocked"), True),
    "dialogue.participant_unblocked": ActionKind(_("Participant unblocked"), True),
    "dialogue.response_published": ActionKind(_("Official response published"), True),
    # Participatory budgeting
    "round.phase_changed": ActionKind(_("Round phase changed"), True),
    "round.edited": ActionKind(_("Round edited after publication"), False),
    "item.assessed": ActionKind(_("Proposal assessed"), False),
    "item.ballot_decided": ActionKind(_("Ballot decision on a proposal"), True),
    "item.edited_by_official": ActionKind(_("Proposal edited by an official"), False),
    "item.merged": ActionKind(_("Proposals merged"), True),
    "item.comment_moderated": ActionKind(_("Comment on a proposal moderated"), True),
    "result.published": ActionKind(_("Results published"), True),
    "project.updated": ActionKind(_("Implementation updated"), True),
    "ballot.desk_entered": ActionKind(_("Ballot entered at a desk"), False),
    "ballot.paper_voter_marked": ActionKind(_("Paper voter marked on the roll"), False),
    "ballot.paper_batch_entered": ActionKind(_("Paper ballot batch entered"), False),
    "ballot.paper_batch_confirmed": ActionKind(_("Paper ballot batch confirmed"), False),
}


def action_kind(action: str) -> ActionKind:
    """The registered action; a KeyError for an unknown one (a typo is a bug, not data)."""
    return ACTIONS[action]


def action_label(action: str) -> str:
    kind = ACTIONS.get(action)
    return str(kind.label) if kind else action
