"""Moderation of dialogues: reports, automatic hiding pending review, hide / restore with a
public reason, approval under pre-moderation, blocking a participant, merging duplicates.
Every moderator action is written to the dialogue's public moderation log."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import Conflict, DomainError
from participation.models import (
    ContentReport,
    ContentStatus,
    Dialogue,
    DialogueParticipant,
    ModerationAction,
    ModerationActionKind,
    ReportReason,
    Statement,
    StatementReply,
)
from participation.services.dialogues import participant_get_or_create

Content = Statement | StatementReply
DUPLICATE_THRESHOLD = 0.8


def _dialogue_of(target: Content) -> Dialogue:
    return target.dialogue if isinstance(target, Statement) else target.statement.dialogue


def _log(
    *,
    dialogue: Dialogue,
    action: str,
    actor: User | None,
    target: Content | None = None,
    participant: DialogueParticipant | None = None,
    public_reason: str = "",
) -> ModerationAction:
    if participant is not None:
        blocked = action == ModerationActionKind.BLOCK
        kind, subject_type, subject_id = (
            "dialogue.participant_blocked" if blocked else "dialogue.participant_unblocked",
            "dialogue_participant",
            participant.pk,
        )
    elif isinstance(target, StatementReply):
        kind, subject_type, subject_id = "dialogue.reply_moderated", "statement_reply", target.pk
    else:
        kind, subject_type = "dialogue.statement_moderated", "statement"
        subject_id = target.pk if target is not None else dialogue.pk
    audit_record(
        actor=actor,
        organisation=dialogue.organisation,
        action=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        process_type="dialogue",
        process_id=dialogue.pk,
        after={"moderation": str(action)}
        | ({"status": target.status} if target is not None else {}),
        reason=public_reason[:300],
    )
    return ModerationAction.objects.create(
        dialogue=dialogue,
        action=action,
        actor=actor,
        statement=target if isinstance(target, Statement) else None,
        reply=target if isinstance(target, StatementReply) else None,
        participant=participant,
        public_reason=public_reason[:300],
    )


def _map_changed(target: Content) -> None:
    if isinstance(target, Statement):
        from participation.services.opinion_snapshots import map_refresh_request

        map_refresh_request(dialogue=target.dialogue)


def _lock(target: Content) -> Any:
    return type(target).objects.select_for_update().get(pk=target.pk)


@transaction.atomic
def report_add(*, user: User, target: Content, reason: str, note: str = "") -> ContentReport:
    """A participant reports content once; at the dialogue's threshold of open reports the
    content is hidden until a moderator reviews it."""
    if reason not in ReportReason.values:
        raise DomainError(_("Choose a reason."), field="reason")
    dialogue = _dialogue_of(target)
    reporter = participant_get_or_create(dialogue=dialogue, user=user)
    locked = _lock(target)
    if locked.author_id is not None and locked.author_id == reporter.pk:
        raise DomainError(_("You cannot report your own contribution."))
    try:
        with transaction.atomic():
            report = ContentReport.objects.create(
                dialogue=dialogue,
                statement=locked if isinstance(locked, Statement) else None,
                reply=locked if isinstance(locked, StatementReply) else None,
                reporter=reporter,
                reason=reason,
                note=str(note or "")[:500],
            )
    except IntegrityError:
        raise Conflict(_("You have already reported this."), code="already_reported") from None
    open_reports = ContentReport.objects.filter(
        statement=locked if isinstance(locked, Statement) else None,
        reply=locked if isinstance(locked, StatementReply) else None,
        resolved_at__isnull=True,
    ).count()
    type(locked).objects.filter(pk=locked.pk).update(report_count=F("report_count") + 1)
    if locked.status == ContentStatus.PUBLISHED and open_reports >= dialogue.auto_hide_reports:
        locked.status = ContentStatus.REPORTED
        locked.public_reason = _("Hidden after several reports, waiting for a moderator.")
        locked.save(update_fields=["status", "public_reason"])
        _log(
            dialogue=dialogue,
            action=ModerationActionKind.AUTO_HIDE,
            actor=None,
            target=locked,
            public_reason=locked.public_reason,
        )
        _map_changed(locked)
    return report


def _resolve_reports(target: Content) -> None:
    ContentReport.objects.filter(
        statement=target if isinstance(target, Statement) else None,
        reply=target if isinstance(target, StatementReply) else None,
        resolved_at__isnull=True,
    ).update(resolved_at=timezone.now())


def _reason(public_reason: str) -> str:
    reason = str(public_reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason everyone can read."), field="public_reason")
    return reason


@transaction.atomic
def content_hide(*, actor: User, target: Content, public_reason: str) -> Content:
    reason = _reason(public_reason)
    locked = _lock(target)
    if locked.status == ContentStatus.HIDDEN:
        raise Conflict(_("This is already hidden."))
    locked.status = ContentStatus.HIDDEN
    locked.public_reason = reason
    locked.save(update_fields=["status", "public_reason"])
    _resolve_reports(locked)
    _log(
        dialogue=_dialogue_of(locked),
        action=ModerationActionKind.HIDE,
        actor=actor,
        target=locked,
        public_reason=reason,
    )
    _map_changed(locked)
    return locked


@transaction.atomic
def content_restore(*, actor: User, target: Content, public_reason: str = "") -> Content:
    """Publish again (after a report review), or approve pending content."""
    locked = _lock(target)
    if locked.status == ContentStatus.PUBLISHED:
        raise Conflict(_("This is already published."))
    approving = locked.status == ContentStatus.PENDING
    locked.status = ContentStatus.PUBLISHED
    locked.public_reason = "" if approving else str(public_reason or "").strip()
    locked.save(update_fields=["status", "public_reason"])
    _resolve_reports(locked)
    _log(
        dialogue=_dialogue_of(locked),
        action=ModerationActionKind.APPROVE if approving else ModerationActionKind.RESTORE,
        actor=actor,
        target=locked,
        public_reason=locked.public_reason,
    )
    _map_changed(locked)
    return locked


@transaction.atomic
def reports_dismiss(*, actor: User, target: Content) -> Content:
    """The reports were unfounded: close them; reported content is published again."""
    locked = _lock(target)
    _resolve_reports(locked)
    if locked.status == ContentStatus.REPORTED:
        locked.status = ContentStatus.PUBLISHED
        locked.public_reason = ""
        locked.save(update_fields=["status", "public_reason"])
        _map_changed(locked)
    _log(
        dialogue=_dialogue_of(locked),
        action=ModerationActionKind.DISMISS,
        actor=actor,
        target=locked,
    )
    return locked


@transaction.atomic
def participant_block(
    *, actor: User, participant: DialogueParticipant, public_reason: str
) -> DialogueParticipant:
    reason = _reason(public_reason)
    locked = DialogueParticipant.objects.select_for_update().get(pk=participant.pk)
    if locked.blocked_at is not None:
        raise Conflict(_("This participant is already blocked."))
    locked.blocked_at = timezone.now()
    locked.blocked_reason = reason
    locked.save(update_fields=["blocked_at", "blocked_reason"])
    _log(
        dialogue=locked.dialogue,
        action=ModerationActionKind.BLOCK,
        actor=actor,
        participant=locked,
        public_reason=reason,
    )
    return locked


@transaction.atomic
def participant_unblock(
    *, actor: User, participant: DialogueParticipant, public_reason: str = ""
) -> DialogueParticipant:
    locked = DialogueParticipant.objects.select_for_update().get(pk=participant.pk)
    if locked.blocked_at is None:
        raise Conflict(_("This participant is not blocked."))
    locked.blocked_at = None
    locked.blocked_reason = ""
    locked.save(update_fields=["blocked_at", "blocked_reason"])
    _log(
        dialogue=locked.dialogue,
        action=ModerationActionKind.UNBLOCK,
        actor=actor,
        participant=locked,
        public_reason=str(public_reason or ""),
    )
    return locked


@transaction.atomic
def reply_promote(*, actor: User, reply: StatementReply, text: str | None = None) -> Statement:
    """Make a reply a votable statement (its text, or a moderator's shortened wording)."""
    from participation.services.dialogues import _statement_text

    locked = StatementReply.objects.select_for_update().select_related("statement").get(pk=reply.pk)
    if Statement.objects.filter(promoted_from=locked).exists():
        raise Conflict(_("This reply is already a statement."))
    if locked.status != ContentStatus.PUBLISHED:
        raise Conflict(_("Only published replies can become statements."))
    dialogue = locked.statement.dialogue
    statement = Statement.objects.create(
        dialogue=dialogue,
        text=_statement_text(dialogue, text if text else locked.body),
        origin="reply",
        author=locked.author,
        promoted_from=locked,
        status=ContentStatus.PUBLISHED,
    )
    _log(
        dialogue=dialogue,
        action=ModerationActionKind.PROMOTE,
        actor=actor,
        target=statement,
        public_reason=_("From a reply under statement %(n)d.") % {"n": locked.statement_id},
    )
    return statement


@transaction.atomic
def statement_merge(*, actor: User, statement: Statement, into: Statement) -> Statement:
    """Hide a near-duplicate in favour of another statement; its votes stay counted apart."""
    if statement.pk == into.pk or statement.dialogue_id != into.dialogue_id:
        raise DomainError(_("Choose another statement of the same dialogue."), field="into")
    content_hide(
        actor=actor,
        target=statement,
        public_reason=_("Duplicate of statement %(n)d.") % {"n": into.pk},
    )
    ModerationAction.objects.filter(statement=statement, action=ModerationActionKind.HIDE).update(
        action=ModerationActionKind.MERGE
    )
    return statement


def near_duplicates(
    *, texts: list[tuple[int, str]], threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Pairs of statements to suggest merging: TF-IDF character n-gram cosine >= 0.8."""
    if len(texts) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    ids = [pk for pk, _text in texts]
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True).fit_transform(
        [text for _pk, text in texts]
    )
    similarity = cosine_similarity(matrix)
    pairs: list[tuple[int, int, float]] = []
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if similarity[i, j] >= threshold:
                pairs.append((ids[i], ids[j], round(float(similarity[i, j]), 3)))
    return sorted(pairs, key=lambda pair: -pair[2])
