"""Permissions of consultations (found by rules' autodiscovery). Deny by default."""

from __future__ import annotations

from typing import Any

import rules

from civic.accounts.predicates import (
    has_verified_email,
    is_moderator,
    is_official,
    is_platform_admin,
    is_verified_resident,
    organisation_of,
)


def _consultation(obj: Any) -> Any:
    """The consultation an object belongs to (a consultation is its own)."""
    from participation.models import (
        Consultation,
        ConsultationParagraph,
        ConsultationParagraphComment,
    )

    if isinstance(obj, Consultation):
        return obj
    if isinstance(obj, ConsultationParagraph):
        return obj.version.consultation
    if isinstance(obj, ConsultationParagraphComment):
        return obj.paragraph.version.consultation
    return getattr(obj, "consultation", None)


@rules.predicate
def manages_consultation(user: Any, obj: Any = None) -> bool:
    consultation = _consultation(obj)
    if consultation is None:
        return False
    return bool(is_official(user, consultation) or is_platform_admin(user))


@rules.predicate
def moderates_consultation(user: Any, obj: Any = None) -> bool:
    consultation = _consultation(obj)
    if consultation is None:
        return False
    return bool(is_moderator(user, consultation)) or bool(manages_consultation(user, obj))


@rules.predicate
def is_public(user: Any, obj: Any = None) -> bool:
    consultation = _consultation(obj)
    return consultation is not None and consultation.status != "draft"


@rules.predicate
def is_open(user: Any, obj: Any = None) -> bool:
    consultation = _consultation(obj)
    return consultation is not None and consultation.status == "open"


@rules.predicate
def in_audience(user: Any, obj: Any = None) -> bool:
    from participation.selectors.consultations import audience_decision

    consultation = _consultation(obj)
    return (
        consultation is not None and audience_decision(user=user, consultation=consultation).allowed
    )


@rules.predicate
def results_shown(user: Any, obj: Any = None) -> bool:
    from participation.selectors.consultations import results_visible

    consultation = _consultation(obj)
    return consultation is not None and results_visible(user=user, consultation=consultation)


@rules.predicate
def may_create_in(user: Any, obj: Any = None) -> bool:
    """On an organisation: may start a consultation there."""
    return organisation_of(obj) is not None and bool(
        is_official(user, obj) or is_platform_admin(user)
    )


rules.add_perm("participation.add_consultation", may_create_in)
rules.add_perm("participation.view_consultation", is_public | manages_consultation)
rules.add_perm("participation.change_consultation", manages_consultation)
rules.add_perm("participation.respond_consultation", is_open & in_audience)
rules.add_perm("participation.comment_consultation", is_open & in_audience)
rules.add_perm("participation.follow_consultation", is_public & has_verified_email)
rules.add_perm("participation.view_results_consultation", results_shown)
rules.add_perm("participation.moderate_consultation", moderates_consultation)
rules.add_perm("participation.answer_consultation", manages_consultation)


# --- Open dialogues and meetings -----------------------------------------------------------


def _dialogue(obj: Any) -> Any:
    """The dialogue an object belongs to (a dialogue is its own)."""
    from participation.models import Dialogue, StatementReply

    if isinstance(obj, Dialogue):
        return obj
    if isinstance(obj, StatementReply):
        return obj.statement.dialogue
    return getattr(obj, "dialogue", None)


@rules.predicate
def manages_dialogue(user: Any, obj: Any = None) -> bool:
    dialogue = _dialogue(obj)
    if dialogue is None:
        return False
    return bool(is_official(user, dialogue) or is_platform_admin(user))


@rules.predicate
def moderates_dialogue(user: Any, obj: Any = None) -> bool:
    dialogue = _dialogue(obj)
    if dialogue is None:
        return False
    return bool(is_moderator(user, dialogue)) or bool(manages_dialogue(user, obj))


@rules.predicate
def dialogue_is_public(user: Any, obj: Any = None) -> bool:
    dialogue = _dialogue(obj)
    return dialogue is not None and dialogue.phase != "draft"


@rules.predicate
def may_take_part_in_dialogue(user: Any, obj: Any = None) -> bool:
    """Signed in with a confirmed email, a verified resident where the dialogue asks for it,
    and not blocked there. Phase rules (voting open?) are the services' business."""
    from participation.selectors.dialogues import participation_decision

    dialogue = _dialogue(obj)
    return dialogue is not None and participation_decision(user=user, dialogue=dialogue).allowed


def _meeting_organisation(obj: Any) -> Any:
    return getattr(obj, "organisation", None)


@rules.predicate
def manages_meeting(user: Any, obj: Any = None) -> bool:
    if _meeting_organisation(obj) is None:
        return False
    return bool(is_official(user, obj) or is_platform_admin(user))


@rules.predicate
def residents_may_open_dialogues(user: Any, obj: Any = None) -> bool:
    """On an organisation: it lets its verified residents open dialogues."""
    from participation.models import DialogueSettings

    organisation = organisation_of(obj)
    if organisation is None:
        return False
    scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    return DialogueSettings.objects.filter(
        organisation_id__in=scope, residents_may_open=True
    ).exists()


@rules.predicate
def opened_dialogue(user: Any, obj: Any = None) -> bool:
    """The person opened this dialogue as a resident (and is still a verified resident)."""
    dialogue = _dialogue(obj)
    if dialogue is None or not getattr(user, "is_authenticated", False):
        return False
    return dialogue.created_by_id == user.pk and bool(is_verified_resident(user, dialogue))


@rules.predicate
def facilitates_meeting(user: Any, obj: Any = None) -> bool:
    """Runs the room: officials and moderators of the meeting's organisation."""
    if _meeting_organisation(obj) is None:
        return False
    return bool(is_official(user, obj) or is_moderator(user, obj) or is_platform_admin(user))


rules.add_perm(
    "participation.add_dialogue",
    may_create_in | (residents_may_open_dialogues & is_verified_resident),
)
rules.add_perm(
    "participation.view_dialogue", dialogue_is_public | manages_dialogue | opened_dialogue
)
rules.add_perm("participation.change_dialogue", manages_dialogue)
rules.add_perm("participation.edit_dialogue", manages_dialogue | opened_dialogue)
rules.add_perm("participation.take_part_dialogue", dialogue_is_public & may_take_part_in_dialogue)
rules.add_perm("participation.moderate_dialogue", moderates_dialogue)
rules.add_perm("participation.respond_dialogue", manages_dialogue)
rules.add_perm("participation.add_meeting", may_create_in)
rules.add_perm("participation.view_meeting", rules.always_allow)
rules.add_perm("participation.change_meeting", manages_meeting)
rules.add_perm("participation.register_meeting", has_verified_email)
rules.add_perm("participation.facilitate_meeting", facilitates_meeting)
