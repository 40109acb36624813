"""Writes of open dialogues: create and edit, phases on dates, statements (seeded, imported
from CSV, added by participants), votes, threaded replies.

Phases: draft -> seed -> open -> respond -> closed. Closing needs an official response to
every common-ground statement and to each group's top 3 representative statements
(``participation.services.dialogue_responses.responses_missing``).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.audit.services import audit_edit, audit_record, audit_snapshot
from civic.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from civic.notifications.services.events import event_record, follow_add
from civic.places.models import Area, Organisation
from participation.models import (
    ContentStatus,
    Dialogue,
    DialogueParticipant,
    DialoguePhase,
    IdentityMode,
    Meeting,
    ModerationMode,
    Stance,
    Statement,
    StatementOrigin,
    StatementReply,
    StatementVote,
    VoteChannel,
    VoteChoice,
)

SUBJECT = "dialogue"
STATEMENT_SUBJECT = "statement"
EDITABLE = (
    "question",
    "framing",
    "areas",
    "sdg_goals",
    "languages",
    "identity_mode",
    "moderation_mode",
    "statement_max_length",
    "participants_may_add",
    "auto_hide_reports",
    "seed_starts_at",
    "opens_at",
    "responds_at",
    "closes_at",
)
PHASE_ORDER = [
    DialoguePhase.DRAFT,
    DialoguePhase.SEED,
    DialoguePhase.OPEN,
    DialoguePhase.RESPOND,
    DialoguePhase.CLOSED,
]
IMPORT_MAX_ROWS = 500
PSEUDONYM_WORDS = (
    "Heron", "Otter", "Maple", "Willow", "Falcon", "Badger", "Linden", "Swift", "Cedar",
    "Kestrel", "Alder", "Wren", "Rowan", "Plover", "Hazel", "Lark",
)  # fmt: skip


def dialogue_url(dialogue: Dialogue) -> str:
    return reverse("dialogue-detail", args=[dialogue.pk])


def _clean(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "question" in fields and not str(fields["question"] or "").strip():
        errors["question"] = [_("Ask a question.")]
    if "sdg_goals" in fields:
        goals = fields["sdg_goals"] or []
        if not isinstance(goals, list) or any(
            not isinstance(g, int) or isinstance(g, bool) or not 1 <= g <= 17 for g in goals
        ):
            errors["sdg_goals"] = [_("SDG goals are numbers from 1 to 17.")]
        else:
            fields["sdg_goals"] = sorted(set(goals))
    if "languages" in fields:
        codes = {code for code, _name in settings.LANGUAGES}
        if any(code not in codes for code in fields["languages"] or []):
            errors["languages"] = [_("Choose languages the site offers.")]
    if "statement_max_length" in fields and not 20 <= int(fields["statement_max_length"]) <= 1000:
        errors["statement_max_length"] = [_("Choose a limit between 20 and 1000 characters.")]
    if "auto_hide_reports" in fields and int(fields["auto_hide_reports"]) < 1:
        errors["auto_hide_reports"] = [_("At least one report.")]
    if "identity_mode" in fields and fields["identity_mode"] not in IdentityMode.values:
        errors["identity_mode"] = [_("Choose who may take part.")]
    if "moderation_mode" in fields and fields["moderation_mode"] not in ModerationMode.values:
        errors["moderation_mode"] = [_("Choose how statements are moderated.")]
    dates = [fields.get(name) for name in ("seed_starts_at", "opens_at", "responds_at")]
    dates.append(fields.get("closes_at"))
    given = [d for d in dates if d is not None]
    if given != sorted(given) or len(set(given)) != len(given):
        errors["closes_at"] = [
            _("The dates must follow each other: seeding, voting, responses, close.")
        ]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), errors=errors)
    if "areas" in fields:
        scope = {organisation.pk, organisation.parent_id}
        areas: list[Area] = list(fields["areas"] or [])
        if any(area.organisation_id not in scope for area in areas):
            raise DomainError(_("Choose areas of this city."), field="areas")
        fields["areas"] = areas
    return fields


@transaction.atomic
def dialogue_create(*, actor: User, organisation: Organisation, **fields: Any) -> Dialogue:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields.setdefault("question", "")
    fields = _clean(organisation, fields)
    areas = fields.pop("areas", [])
    dialogue = Dialogue.objects.create(organisation=organisation, created_by=actor, **fields)
    dialogue.areas.set(areas)
    return dialogue


def _locked(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update().get(pk=dialogue.pk)


@transaction.atomic
def dialogue_update(*, actor: User, dialogue: Dialogue, **fields: Any) -> Dialogue:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    locked = _locked(dialogue)
    if locked.phase == DialoguePhase.CLOSED:
        raise Conflict(_("A closed dialogue cannot be changed."))
    audit_before = audit_snapshot(locked, fields)
    if (
        "identity_mode" in fields
        and fields["identity_mode"] != locked.identity_mode
        and StatementVote.objects.filter(statement__dialogue=locked).exists()
    ):
        raise Conflict(
            _("Who may take part cannot change once people have voted."), field="identity_mode"
        )
    merged = {
        "seed_starts_at": locked.seed_starts_at,
        "opens_at": locked.opens_at,
        "responds_at": locked.responds_at,
        "closes_at": locked.closes_at,
        **fields,
    }
    cleaned = _clean(locked.organisation, merged)
    areas = cleaned.pop("areas", None)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    if areas is not None:
        locked.areas.set(areas)
    if locked.phase != DialoguePhase.DRAFT:
        audit_edit(
            actor=actor,
            organisation=locked.organisation,
            action="dialogue.edited",
            obj=locked,
            before=audit_before,
            subject_type=SUBJECT,
        )
    return locked


def _phase_event(dialogue: Dialogue, actor: User | None) -> None:
    if dialogue.phase not in (DialoguePhase.OPEN, DialoguePhase.CLOSED):
        return
    kind = "dialogue.opened" if dialogue.phase == DialoguePhase.OPEN else "dialogue.closed"
    event_record(
        kind=kind,
        organisation=dialogue.organisation,
        subject_type=SUBJECT,
        subject_id=dialogue.pk,
        title=dialogue.question,
        url=dialogue_url(dialogue),
        actor=actor,
        area_ids=list(dialogue.areas.values_list("pk", flat=True)),
        payload={"phase": dialogue.phase},
        dedupe_key=f"{kind}:{dialogue.pk}",
    )


@transaction.atomic
def dialogue_phase_set(*, actor: User | None, dialogue: Dialogue, phase: str) -> Dialogue:
    """Move to ``phase`` (forward only). Closing checks that every response is given."""
    from participation.services.dialogue_responses import responses_missing

    if phase not in DialoguePhase.values:
        raise DomainError(_("Unknown phase."), field="phase")
    locked = _locked(dialogue)
    if PHASE_ORDER.index(DialoguePhase(phase)) <= PHASE_ORDER.index(DialoguePhase(locked.phase)):
        raise Conflict(_("A dialogue only moves forward through its phases."), field="phase")
    if phase == DialoguePhase.CLOSED:
        missing = responses_missing(dialogue=locked)
        if missing:
            raise Conflict(
                _(
                    "The dialogue cannot close yet: %(n)d statements from the common ground "
                    "or the groups' top views still need an official response."
                )
                % {"n": len(missing)},
                code="responses_missing",
            )
        locked.closed_at = timezone.now()
    audit_record(
        actor=actor,
        organisation=locked.organisation,
        action="dialogue.phase_changed",
        subject_type=SUBJECT,
        subject_id=locked.pk,
        before={"phase": locked.phase},
        after={"phase": phase},
    )
    locked.phase = phase
    locked.save(update_fields=["phase", "closed_at", "updated_at"])
    _phase_event(locked, actor)
    return locked


def dialogues_advance(now: datetime | None = None) -> dict[str, int]:
    """Move dialogues along their dates; safe to run twice. A dialogue whose responses are
    missing stays in the respond phase past its closing date."""
    from participation.services.dialogue_responses import responses_missing

    now = now or timezone.now()
    moved = 0
    due = [
        (DialoguePhase.DRAFT, "seed_starts_at", DialoguePhase.SEED),
        (DialoguePhase.SEED, "opens_at", DialoguePhase.OPEN),
        (DialoguePhase.DRAFT, "opens_at", DialoguePhase.OPEN),
        (DialoguePhase.OPEN, "responds_at", DialoguePhase.RESPOND),
        (DialoguePhase.RESPOND, "closes_at", DialoguePhase.CLOSED),
    ]
    for current, date_field, target in due:
        for dialogue in Dialogue.objects.filter(
            phase=current, **{f"{date_field}__isnull": False, f"{date_field}__lte": now}
        ):
            if target == DialoguePhase.CLOSED and responses_missing(dialogue=dialogue):
                continue
            try:
                dialogue_phase_set(actor=None, dialogue=dialogue, phase=target)
            except Conflict:
                continue
            moved += 1
    return {"moved": moved}


# --- participants ---------------------------------------------------------------------


def participant_get_or_create(*, dialogue: Dialogue, user: User) -> DialogueParticipant:
    """The person's participant record in the dialogue, refusing the ineligible."""
    from participation.selectors.dialogues import participation_decision

    decision = participation_decision(user=user, dialogue=dialogue)
    if not decision.allowed:
        raise PermissionDenied(decision.reason, code=decision.code)
    existing = DialogueParticipant.objects.filter(dialogue=dialogue, user=user).first()
    if existing is not None:
        return existing
    for _attempt in range(8):
        pseudonym = f"{secrets.choice(PSEUDONYM_WORDS)} {secrets.randbelow(9000) + 1000}"
        try:
            with transaction.atomic():
                participant = DialogueParticipant.objects.create(
                    dialogue=dialogue, user=user, pseudonym=pseudonym
                )
        except IntegrityError:
            existing = DialogueParticipant.objects.filter(dialogue=dialogue, user=user).first()
            if existing is not None:
                return existing
            continue
        follow_add(user=user, subject_type=SUBJECT, subject_id=dialogue.pk, reason="took_part")
        return participant
    raise Conflict(_("Please try again."))


# --- statements -----------------------------------------------------------------------


def _statement_text(dialogue: Dialogue, text: str, field: str = "text") -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise DomainError(_("Write a statement."), field=field)
    if len(text) > dialogue.statement_max_length:
        raise DomainError(
            _("A statement has at most %(n)d characters (this one has %(m)d).")
            % {"n": dialogue.statement_max_length, "m": len(text)},
            field=field,
            code="too_long",
        )
    return text


@transaction.atomic
def statement_seed(
    *, actor: User, dialogue: Dialogue, text: str, is_meta: bool = False
) -> Statement:
    """An organiser's statement (published at once), in any phase before close."""
    if dialogue.phase == DialoguePhase.CLOSED:
        raise Conflict(_("The dialogue is closed."))
    return Statement.objects.create(
        dialogue=dialogue,
        text=_statement_text(dialogue, text),
        origin=StatementOrigin.SEED,
        seeded_by=actor,
        is_meta=is_meta,
        status=ContentStatus.PUBLISHED,
    )


@transaction.atomic
def statements_import(*, actor: User, dialogue: Dialogue, data: bytes | str) -> list[Statement]:
    """Seed statements from CSV: a header row with ``text`` (and optionally ``meta``: yes/no,
    1/0). All or nothing: a bad file is refused with an error per row."""
    if dialogue.phase == DialoguePhase.CLOSED:
        raise Conflict(_("The dialogue is closed."))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("The file must be UTF-8 text."), field="file") from None
    reader = csv.DictReader(io.StringIO(data))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    if "text" not in headers:
        raise DomainError(_("The first row must name the columns, with a 'text' column."))
    reader.fieldnames = headers
    errors: dict[str, list[str]] = {}
    rows: list[tuple[str, bool]] = []
    seen: set[str] = set()
    existing = {t.lower() for t in dialogue.statements.values_list("text", flat=True)}
    for number, row in enumerate(reader, start=2):
        if number - 1 > IMPORT_MAX_ROWS:
            errors["file"] = [_("At most %(n)d statements at once.") % {"n": IMPORT_MAX_ROWS}]
            break
        key = f"row {number}"
        try:
            text = _statement_text(dialogue, row.get("text") or "")
        except DomainError as error:
            errors[key] = [str(error.message)]
            continue
        meta_raw = (row.get("meta") or "").strip().lower()
        if meta_raw not in ("", "yes", "no", "1", "0", "true", "false"):
            errors[key] = [_("'meta' must be yes or no.")]
            continue
        if text.lower() in seen or text.lower() in existing:
            errors[key] = [_("This statement is already in the dialogue.")]
            continue
        seen.add(text.lower())
        rows.append((text, meta_raw in ("yes", "1", "true")))
    if errors:
        raise ValidationFailed(_("The file was not imported: correct these rows."), errors=errors)
    if not rows:
        raise DomainError(_("The file has no statements."), field="file")
    return [
        Statement.objects.create(
            dialogue=dialogue,
            text=text,
            is_meta=meta,
            origin=StatementOrigin.SEED,
            seeded_by=actor,
            status=ContentStatus.PUBLISHED,
        )
        for text, meta in rows
    ]


@transaction.atomic
def statement_add(*, user: User, dialogue: Dialogue, text: str) -> Statement:
    """A participant's statement: published at once (post-moderation) or after review."""
    if dialogue.phase != DialoguePhase.OPEN:
        raise Conflict(_("Statements can be added while the dialogue is open."))
    if not dialogue.participants_may_add:
        raise PermissionDenied(_("In this dialogue only the organisers add statements."))
    participant = participant_get_or_create(dialogue=dialogue, user=user)
    text = _statement_text(dialogue, text)
    if Statement.objects.filter(dialogue=dialogue, text__iexact=text).exists():
        raise DomainError(_("This statement is already in the dialogue."), field="text")
    status = (
        ContentStatus.PENDING
        if dialogue.moderation_mode == ModerationMode.PRE
        else ContentStatus.PUBLISHED
    )
    statement = Statement.objects.create(
        dialogue=dialogue,
        text=text,
        origin=StatementOrigin.PARTICIPANT,
        author=participant,
        status=status,
    )
    follow_add(user=user, subject_type=STATEMENT_SUBJECT, subject_id=statement.pk, reason="author")
    return statement


# --- votes ----------------------------------------------------------------------------


@transaction.atomic
def vote_cast(
    *,
    user: User,
    statement: Statement,
    value: int,
    important: bool = False,
    channel: str = VoteChannel.ONLINE,
    meeting: Meeting | None = None,
) -> StatementVote:
    """Agree (1), disagree (-1) or pass (0); voting again replaces the vote."""
    if value not in VoteChoice.values:
        raise DomainError(_("Vote agree, disagree or pass."), field="value")
    dialogue = statement.dialogue
    if dialogue.phase != DialoguePhase.OPEN:
        raise Conflict(_("Voting is not open in this dialogue."), code="voting_closed")
    if statement.status != ContentStatus.PUBLISHED:
        raise Conflict(_("This statement is not open for votes."), code="not_votable")
    if channel not in VoteChannel.values:
        raise DomainError(_("Unknown channel."), field="channel")
    if (channel == VoteChannel.MEETING) != (meeting is not None):
        raise DomainError(_("Votes in a meeting name the meeting."), field="channel")
    participant = participant_get_or_create(dialogue=dialogue, user=user)
    defaults = {
        "value": value,
        "important": bool(important),
        "channel": channel,
        "meeting": meeting,
    }
    try:
        with transaction.atomic():
            vote, _created = StatementVote.objects.update_or_create(
                statement=statement, participant=participant, defaults=defaults
            )
    except IntegrityError:
        # Two first votes at once: the other one won the insert; ours is the latest.
        vote = StatementVote.objects.select_for_update().get(
            statement=statement, participant=participant
        )
        for name, field_value in defaults.items():
            setattr(vote, name, field_value)
        vote.save()
    from participation.services.opinion_snapshots import map_refresh_request

    map_refresh_request(dialogue=dialogue)
    return vote


# --- replies --------------------------------------------------------------------------


@transaction.atomic
def reply_add(
    *,
    user: User,
    statement: Statement,
    body: str,
    stance: str,
    parent: StatementReply | None = None,
) -> StatementReply:
    dialogue = statement.dialogue
    if dialogue.phase not in (DialoguePhase.OPEN, DialoguePhase.RESPOND):
        raise Conflict(_("Replies are open while the dialogue is open."))
    if statement.status != ContentStatus.PUBLISHED:
        raise Conflict(_("This statement is not open for replies."))
    if stance not in Stance.values:
        raise DomainError(_("Say whether you are for, neutral or against."), field="stance")
    body = str(body or "").strip()
    if not body:
        raise DomainError(_("Write a reply."), field="body")
    if len(body) > 2000:
        raise DomainError(_("A reply has at most 2000 characters."), field="body")
    depth = 1
    if parent is not None:
        if parent.statement_id != statement.pk:
            raise DomainError(_("Reply under the same statement."), field="parent")
        if parent.depth >= StatementReply.MAX_DEPTH:
            raise DomainError(_("Replies go two levels deep at most."), field="parent")
        if parent.status != ContentStatus.PUBLISHED:
            raise Conflict(_("This reply is not open for replies."), field="parent")
        depth = parent.depth + 1
    participant = participant_get_or_create(dialogue=dialogue, user=user)
    status = (
        ContentStatus.PENDING
        if dialogue.moderation_mode == ModerationMode.PRE
        else ContentStatus.PUBLISHED
    )
    reply = StatementReply.objects.create(
        statement=statement,
        parent=parent,
        depth=depth,
        author=participant,
        stance=stance,
        body=body,
        status=status,
    )
    recipients: set[int] = set()
    if statement.author is not None and statement.author.user_id:
        recipients.add(statement.author.user_id)
    if parent is not None and parent.author is not None and parent.author.user_id:
        recipients.add(parent.author.user_id)
    recipients.discard(user.pk)
    if status == ContentStatus.PUBLISHED:
        event_record(
            kind="statement.reply",
            organisation=dialogue.organisation,
            subject_type=STATEMENT_SUBJECT,
            subject_id=statement.pk,
            title=statement.text,
            url=f"{dialogue_url(dialogue)}statements/{statement.pk}/",
            actor=user,
            recipient_ids=recipients,
            payload={"reply": reply.pk, "stance": stance},
        )
    return reply


def statement_texts(dialogue: Dialogue) -> Iterable[tuple[int, str]]:
    return Statement.objects.filter(
        dialogue=dialogue, status__in=[ContentStatus.PUBLISHED, ContentStatus.PENDING]
    ).values_list("id", "text")
