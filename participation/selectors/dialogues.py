"""Reads of dialogues shared by pages and the API: lists with a constant number of queries,
the next statement to vote on, replies, the moderation queue and log, the opinion map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from civic.accounts.models import Membership, Verification
from civic.accounts.predicates import has_verified_email, is_verified_resident
from civic.places.models import Organisation
from participation.models import (
    ContentReport,
    ContentStatus,
    Dialogue,
    DialogueParticipant,
    DialoguePhase,
    IdentityMode,
    ModerationAction,
    OfficialResponse,
    OpinionMapSnapshot,
    Statement,
    StatementReply,
    StatementVote,
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str = ""
    reason: str | Promise = ""


def participation_decision(*, user: Any, dialogue: Dialogue) -> Decision:
    """May this person take part (vote, add statements, reply, report)?"""
    if not getattr(user, "is_authenticated", False):
        return Decision(False, "sign_in", _("Sign in to take part."))
    if not has_verified_email(user):
        return Decision(False, "confirm_email", _("Confirm your email address to take part."))
    if dialogue.identity_mode == IdentityMode.VERIFIED and not is_verified_resident(user, dialogue):
        return Decision(
            False, "not_verified", _("This dialogue is for verified residents of the city.")
        )
    blocked = DialogueParticipant.objects.filter(
        dialogue=dialogue, user=user, blocked_at__isnull=False
    ).first()
    if blocked is not None:
        return Decision(
            False,
            "blocked",
            _("A moderator has blocked you from this dialogue: %(reason)s")
            % {"reason": blocked.blocked_reason},
        )
    return Decision(True)


def dialogue_list(*, user: Any, phase: str | None = None) -> QuerySet[Dialogue]:
    """Dialogues a person may see: public ones, and drafts of organisations they run."""
    from participation.selectors.consultations import managed_organisation_ids

    queryset = Dialogue.objects.select_related("organisation").annotate(
        statement_count=Count(
            "statements", filter=Q(statements__status=ContentStatus.PUBLISHED), distinct=True
        ),
        participant_count=Count("participants", distinct=True),
    )
    managed = managed_organisation_ids(user)
    visible = (
        Q() if managed is None else ~Q(phase=DialoguePhase.DRAFT) | Q(organisation_id__in=managed)
    )
    if getattr(user, "is_authenticated", False) and managed is not None:
        visible |= Q(created_by_id=user.pk)  # a resident's own draft
    queryset = queryset.filter(visible)
    if phase:
        queryset = queryset.filter(phase=phase)
    return queryset.order_by("-opens_at", "-id")


def organisations_where(*, user: Any, permission: str) -> list[Organisation]:
    """Organisations where the person may do ``permission`` (e.g. open a dialogue): those
    they hold a role in or are verified in, their departments included."""
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "is_superuser", False):
        candidates = Organisation.objects.all()
    else:
        ids = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        ids |= set(Verification.objects.filter(user=user).values_list("organisation_id", flat=True))
        candidates = Organisation.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))
    return [org for org in candidates.order_by("name") if user.has_perm(permission, org)]


def dialogue_detail(*, pk: int) -> Dialogue:
    return (
        Dialogue.objects.select_related("organisation")
        .prefetch_related("areas")
        .annotate(
            statement_count=Count(
                "statements", filter=Q(statements__status=ContentStatus.PUBLISHED), distinct=True
            ),
            participant_count=Count("participants", distinct=True),
        )
        .get(pk=pk)
    )


def participant_of(*, dialogue: Dialogue, user: Any) -> DialogueParticipant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return DialogueParticipant.objects.filter(dialogue=dialogue, user=user).first()


def statement_list(
    *, dialogue: Dialogue, participant: DialogueParticipant | None = None
) -> QuerySet[Statement]:
    """Published statements with their counts (and the viewer's vote), one query."""
    queryset = (
        Statement.objects.filter(dialogue=dialogue, status=ContentStatus.PUBLISHED)
        .select_related("author", "response")
        .annotate(
            # distinct: the join with replies would count each vote once per reply.
            n_agree=Count("votes", filter=Q(votes__value=1), distinct=True),
            n_disagree=Count("votes", filter=Q(votes__value=-1), distinct=True),
            n_pass=Count("votes", filter=Q(votes__value=0), distinct=True),
            n_replies=Count(
                "replies", filter=Q(replies__status=ContentStatus.PUBLISHED), distinct=True
            ),
        )
    )
    if participant is not None:
        from django.db.models import Subquery

        mine = StatementVote.objects.filter(statement=OuterRef("pk"), participant=participant)
        queryset = queryset.annotate(my_vote=Subquery(mine.values("value")[:1]))
    return queryset.order_by("id")


def statement_priorities(dialogue: Dialogue) -> dict[int, float]:
    snapshot = snapshot_latest(dialogue=dialogue)
    if snapshot is None:
        return {}
    return {
        int(s["statement_id"]): float(s["priority"]) for s in snapshot.data.get("statements", [])
    }


# A statement the map has not seen yet: as for a statement nobody voted on with a neutral
# agree share (importance 0.25, newness 9), so new statements are shown early.
NEW_STATEMENT_PRIORITY = (0.25 * 9.0) ** 2


def next_statement(
    *, dialogue: Dialogue, participant: DialogueParticipant | None
) -> Statement | None:
    """The published statement this person has not voted on with the highest routing
    priority (math doc step 9; ties: oldest first)."""
    candidates = Statement.objects.filter(dialogue=dialogue, status=ContentStatus.PUBLISHED)
    if participant is not None:
        candidates = candidates.exclude(
            Exists(StatementVote.objects.filter(statement=OuterRef("pk"), participant=participant))
        )
    ids = list(candidates.values_list("id", flat=True))
    if not ids:
        return None
    priorities = statement_priorities(dialogue)
    best = max(ids, key=lambda pk: (priorities.get(pk, NEW_STATEMENT_PRIORITY), -pk))
    return Statement.objects.select_related("dialogue").get(pk=best)


def my_votes(*, participant: DialogueParticipant) -> QuerySet[StatementVote]:
    return (
        StatementVote.objects.filter(participant=participant)
        .select_related("statement")
        .order_by("-updated_at", "-id")
    )


def reply_tree(*, statement: Statement, show_hidden: bool = False) -> list[StatementReply]:
    """Top-level replies with their children prefetched (two queries)."""
    visible = Q() if show_hidden else Q(status=ContentStatus.PUBLISHED)
    children = StatementReply.objects.filter(visible).select_related("author").order_by("id")
    return list(
        StatementReply.objects.filter(visible, statement=statement, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("id")
    )


def moderation_queue(*, dialogue: Dialogue) -> dict[str, list[Any]]:
    """What waits for a moderator: new statements (pre-moderation), reported content."""
    statements = list(
        Statement.objects.filter(dialogue=dialogue)
        .filter(
            Q(status__in=[ContentStatus.PENDING, ContentStatus.REPORTED])
            | Q(reports__resolved_at__isnull=True, reports__isnull=False)
        )
        .select_related("author")
        .prefetch_related(
            Prefetch("reports", queryset=ContentReport.objects.filter(resolved_at__isnull=True))
        )
        .distinct()
        .order_by("id")
    )
    replies = list(
        StatementReply.objects.filter(statement__dialogue=dialogue)
        .filter(
            Q(status__in=[ContentStatus.PENDING, ContentStatus.REPORTED])
            | Q(reports__resolved_at__isnull=True, reports__isnull=False)
        )
        .select_related("author", "statement")
        .prefetch_related(
            Prefetch("reports", queryset=ContentReport.objects.filter(resolved_at__isnull=True))
        )
        .distinct()
        .order_by("id")
    )
    return {"statements": statements, "replies": replies}


def moderation_log(*, dialogue: Dialogue) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.filter(dialogue=dialogue).select_related(
        "statement", "reply", "participant"
    )


def response_list(*, dialogue: Dialogue) -> QuerySet[OfficialResponse]:
    return OfficialResponse.objects.filter(dialogue=dialogue).select_related("statement")


def snapshot_latest(*, dialogue: Dialogue) -> OpinionMapSnapshot | None:
    return (
        OpinionMapSnapshot.objects.filter(dialogue=dialogue).order_by("-created_at", "-id").first()
    )
