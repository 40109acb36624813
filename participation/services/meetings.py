"""Community meetings: create, cancel, register with a waiting list, iCalendar, voting in
the room with a session code, hand counts, minutes (draft -> amendments -> final).

Registration locks the meeting row, so concurrent sign-ups never exceed the capacity: the
first ``capacity`` people are registered, the rest wait, and a cancellation moves the first
person waiting up.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.errors import Conflict, DomainError
from civic.notifications.services.events import event_record
from civic.places.models import Organisation
from participation.models import (
    ContentStatus,
    Dialogue,
    DialoguePhase,
    Meeting,
    MeetingAgendaItem,
    MeetingHandCount,
    MeetingMode,
    MeetingRegistration,
    MeetingStatus,
    MinutesAmendment,
    MinutesStatus,
    RegistrationStatus,
    Statement,
    StatementOrigin,
    StatementVote,
    VoteChannel,
)

SUBJECT = "meeting"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
EDITABLE = (
    "title",
    "description",
    "mode",
    "place",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "area",
    "dialogue",
)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting-detail", args=[meeting.pk])


def _clean(organisation: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not str(fields.get("title") or "").strip():
        errors["title"] = [_("Give the meeting a title.")]
    mode = fields.get("mode", MeetingMode.IN_PERSON)
    if mode not in MeetingMode.values:
        errors["mode"] = [_("Choose in person, online or hybrid.")]
    if mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not fields.get("place"):
        errors["place"] = [_("Say where the meeting takes place.")]
    if mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not fields.get("online_url"):
        errors["online_url"] = [_("Give the link to join online.")]
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if not starts or not ends or starts >= ends:
        errors["ends_at"] = [_("The meeting must end after it starts.")]
    if fields.get("capacity") is not None and int(fields["capacity"]) < 1:
        errors["capacity"] = [_("At least one place, or leave it empty for no limit.")]
    scope = {organisation.pk, organisation.parent_id}
    area = fields.get("area")
    if area is not None and area.organisation_id not in scope:
        errors["area"] = [_("Choose an area of this city.")]
    dialogue = fields.get("dialogue")
    if dialogue is not None and dialogue.organisation_id not in scope:
        errors["dialogue"] = [_("Choose a dialogue of this organisation.")]
    if errors:
        from civic.errors import ValidationFailed

        raise ValidationFailed(_("Some fields are not valid."), errors=errors)
    return fields


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    organisation: Organisation,
    agenda: list[tuple[str, Statement | None]] | None = None,
    **fields: Any,
) -> Meeting:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields = _clean(organisation, fields)
    meeting = Meeting.objects.create(organisation=organisation, created_by=actor, **fields)
    _agenda_set(meeting, agenda or [])
    return meeting


def _agenda_set(meeting: Meeting, agenda: list[tuple[str, Statement | None]]) -> None:
    """Replace the agenda: items in order, each optionally linked to a statement."""
    errors: list[str] = []
    for number, (title, statement) in enumerate(agenda, start=1):
        if not str(title or "").strip() and statement is None:
            errors.append(_("Item %(n)d: give it a title.") % {"n": number})
        elif len(str(title or "")) > 300:
            errors.append(_("Item %(n)d: at most 300 characters.") % {"n": number})
        if statement is not None and statement.dialogue_id != meeting.dialogue_id:
            errors.append(
                _("Item %(n)d: agenda statements come from the meeting's dialogue.") % {"n": number}
            )
    if errors:
        from civic.errors import ValidationFailed

        raise ValidationFailed(_("The agenda is not valid."), errors={"agenda": errors})
    MeetingAgendaItem.objects.filter(meeting=meeting).delete()
    MeetingAgendaItem.objects.bulk_create(
        MeetingAgendaItem(
            meeting=meeting,
            position=position,
            title=str(title or "").strip() or (statement.text[:300] if statement else ""),
            statement=statement,
        )
        for position, (title, statement) in enumerate(agenda, start=1)
    )


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    agenda: list[tuple[str, Statement | None]] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a scheduled meeting (``agenda``, when given, replaces the whole agenda)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    locked = _locked(meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise Conflict(_("A cancelled meeting cannot be changed."))
    merged = {name: getattr(locked, name) for name in EDITABLE}
    merged.update(fields)
    cleaned = _clean(locked.organisation, merged)
    registered = MeetingRegistration.objects.filter(
        meeting=locked, status=RegistrationStatus.REGISTERED
    ).count()
    if cleaned.get("capacity") is not None and int(cleaned["capacity"]) < registered:
        from civic.errors import ValidationFailed

        raise ValidationFailed(
            _("Some fields are not valid."),
            errors={
                "capacity": [
                    _("%(n)d people are already registered: keep at least that many places.")
                    % {"n": registered}
                ]
            },
        )
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    if agenda is not None:
        _agenda_set(locked, agenda)
    elif "dialogue" in fields:
        # Statements of another dialogue cannot stay on the agenda.
        stale = MeetingAgendaItem.objects.filter(meeting=locked, statement__isnull=False)
        if locked.dialogue_id is not None:
            stale = stale.exclude(statement__dialogue_id=locked.dialogue_id)
        stale.update(statement=None)
    return locked


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _registrants(meeting: Meeting) -> list[int]:
    return list(
        MeetingRegistration.objects.filter(meeting=meeting, user__isnull=False)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("user_id", flat=True)
    )


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    locked = _locked(meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is already cancelled."))
    if not str(reason or "").strip():
        raise DomainError(_("Say why the meeting is cancelled."), field="reason")
    locked.status = MeetingStatus.CANCELLED
    locked.cancelled_reason = str(reason).strip()[:300]
    locked.session_open = False
    locked.save(update_fields=["status", "cancelled_reason", "session_open", "updated_at"])
    event_record(
        kind="meeting.cancelled",
        organisation=locked.organisation,
        subject_type=SUBJECT,
        subject_id=locked.pk,
        title=locked.title,
        url=meeting_url(locked),
        actor=actor,
        recipient_ids=_registrants(locked),
        payload={"reason": locked.cancelled_reason},
        dedupe_key=f"meeting.cancelled:{locked.pk}",
    )
    return locked


# --- registration ---------------------------------------------------------------------


@transaction.atomic
def registration_add(*, user: User, meeting: Meeting) -> MeetingRegistration:
    """Register, or join the waiting list when the meeting is full. Locks the meeting row."""
    locked = _locked(meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))
    if locked.starts_at <= timezone.now():
        raise Conflict(_("Registration has closed: the meeting has started."))
    existing = MeetingRegistration.objects.filter(meeting=locked, user=user).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    taken = MeetingRegistration.objects.filter(
        meeting=locked, status=RegistrationStatus.REGISTERED
    ).count()
    status = (
        RegistrationStatus.WAITING
        if locked.capacity is not None and taken >= locked.capacity
        else RegistrationStatus.REGISTERED
    )
    if existing is not None:
        existing.status = status
        existing.save(update_fields=["status", "updated_at"])
        return existing
    try:
        with transaction.atomic():
            return MeetingRegistration.objects.create(meeting=locked, user=user, status=status)
    except IntegrityError:
        return MeetingRegistration.objects.get(meeting=locked, user=user)


@transaction.atomic
def registration_cancel(*, user: User, meeting: Meeting) -> MeetingRegistration | None:
    """Cancel; the first person on the waiting list takes the place. Returns who moved up."""
    locked = _locked(meeting)
    registration = MeetingRegistration.objects.filter(meeting=locked, user=user).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise Conflict(_("You are not registered for this meeting."))
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if not freed:
        return None
    waiting = (
        MeetingRegistration.objects.filter(meeting=locked, status=RegistrationStatus.WAITING)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.save(update_fields=["status", "updated_at"])
    if waiting.user_id:
        event_record(
            kind="meeting.place_offered",
            organisation=locked.organisation,
            subject_type=SUBJECT,
            subject_id=locked.pk,
            title=locked.title,
            url=meeting_url(locked),
            recipient_ids=[waiting.user_id],
        )
    return waiting


def meetings_remind(now: datetime) -> int:
    """Scheduled job: remind registrants a day before (once per meeting)."""
    count = 0
    for meeting in Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    ):
        with transaction.atomic():
            event_record(
                kind="meeting.reminder",
                organisation=meeting.organisation,
                subject_type=SUBJECT,
                subject_id=meeting.pk,
                title=meeting.title,
                url=meeting_url(meeting),
                recipient_ids=_registrants(meeting),
                dedupe_key=f"meeting.reminder:{meeting.pk}",
            )
        count += 1
    return count


# --- iCalendar (RFC 5545, written by hand) ----------------------------------------------


def _ics_escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Fold content lines at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(*, meeting: Meeting, site_url: str = "", domain: str = "civic.local") -> str:
    location = ", ".join(p for p in (meeting.place, meeting.online_url) if p)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Civic Square//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{_ics_time(meeting.updated_at or timezone.now())}",
        f"DTSTART:{_ics_time(meeting.starts_at)}",
        f"DTEND:{_ics_time(meeting.ends_at)}",
        f"SUMMARY:{_ics_escape(meeting.title)}",
    ]
    if meeting.description:
        lines.append(f"DESCRIPTION:{_ics_escape(meeting.description)}")
    if location:
        lines.append(f"LOCATION:{_ics_escape(location)}")
    if site_url:
        lines.append(f"URL:{site_url.rstrip('/')}{meeting_url(meeting)}")
    lines.append(
        "STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED"
    )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)


# --- in the room ----------------------------------------------------------------------


@transaction.atomic
def session_open(*, actor: User, meeting: Meeting) -> Meeting:
    """Open voting in the room with a fresh short code attendees type on their phones."""
    locked = _locked(meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))
    if locked.dialogue_id is None:
        raise Conflict(_("Only meetings of a dialogue have voting in the room."))
    for _attempt in range(10):
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(6))
        if not Meeting.objects.filter(session_code=code).exists():
            break
    locked.session_code = code
    locked.session_open = True
    locked.save(update_fields=["session_code", "session_open", "updated_at"])
    return locked


@transaction.atomic
def session_close(*, actor: User, meeting: Meeting) -> Meeting:
    locked = _locked(meeting)
    locked.session_open = False
    locked.save(update_fields=["session_open", "updated_at"])
    return locked


def session_find(*, code: str) -> Meeting:
    meeting = (
        Meeting.objects.select_related("dialogue")
        .filter(session_code=str(code or "").strip().upper(), session_open=True)
        .first()
    )
    if meeting is None or meeting.dialogue is None:
        raise DomainError(_("No meeting is voting with this code."), field="code")
    return meeting


def room_vote(
    *, user: User, code: str, statement: Statement, value: int, important: bool = False
) -> StatementVote:
    """A vote cast in the room (channel = meeting)."""
    from participation.services.dialogues import vote_cast

    meeting = session_find(code=code)
    if statement.dialogue_id != meeting.dialogue_id:
        raise DomainError(_("This statement is not part of the meeting's dialogue."))
    return vote_cast(
        user=user,
        statement=statement,
        value=value,
        important=important,
        channel=VoteChannel.MEETING,
        meeting=meeting,
    )


@transaction.atomic
def room_statement_record(*, actor: User, meeting: Meeting, text: str) -> Statement:
    """A facilitator records a statement raised in the room."""
    from participation.services.dialogues import _statement_text

    if meeting.dialogue is None:
        raise Conflict(_("Only meetings of a dialogue collect statements."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))
    dialogue: Dialogue = meeting.dialogue
    if dialogue.phase in (DialoguePhase.DRAFT, DialoguePhase.CLOSED):
        raise Conflict(_("The dialogue is not collecting statements now."))
    if Statement.objects.filter(dialogue=dialogue, text__iexact=" ".join(text.split())).exists():
        raise DomainError(_("This statement is already in the dialogue."), field="text")
    return Statement.objects.create(
        dialogue=dialogue,
        text=_statement_text(dialogue, text),
        origin=StatementOrigin.ROOM,
        seeded_by=actor,
        meeting=meeting,
        status=ContentStatus.PUBLISHED,
    )


@transaction.atomic
def hand_count_record(
    *, actor: User, meeting: Meeting, statement: Statement, agree: int, disagree: int, passed: int
) -> MeetingHandCount:
    # Under the meeting's lock: a head count recorded at the same moment is either seen
    # here or checks this count against itself (attendance_record).
    meeting = _locked(meeting)
    if meeting.dialogue_id is None or statement.dialogue_id != meeting.dialogue_id:
        raise DomainError(
            _("This statement is not part of the meeting's dialogue."), field="statement"
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))
    if min(agree, disagree, passed) < 0:
        raise DomainError(_("Counts cannot be negative."), field="agree")
    if meeting.attendance_count is not None and agree + disagree + passed > max(
        meeting.attendance_count, 0
    ):
        raise DomainError(
            _("More hands (%(n)d) than people attending (%(m)d).")
            % {"n": agree + disagree + passed, "m": meeting.attendance_count},
            field="agree",
        )
    count, _created = MeetingHandCount.objects.update_or_create(
        meeting=meeting,
        statement=statement,
        defaults={"agree": agree, "disagree": disagree, "passed": passed, "recorded_by": actor},
    )
    return count


# --- minutes --------------------------------------------------------------------------


@transaction.atomic
def minutes_save(
    *, actor: User, meeting: Meeting, text: str, attendance: int | None = None
) -> Meeting:
    locked = _locked(meeting)
    if locked.minutes_status == MinutesStatus.FINAL:
        raise Conflict(_("The minutes are final."))
    locked.minutes = str(text or "")
    if attendance is not None:
        if attendance < 0:
            raise DomainError(_("Attendance cannot be negative."), field="attendance")
        _hands_fit(locked, attendance)
        locked.attendance_count = attendance
    if locked.minutes_status == MinutesStatus.NONE:
        locked.minutes_status = MinutesStatus.DRAFT
    locked.save()
    return locked


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, count: int) -> Meeting:
    """How many people came (a head count by the facilitator)."""
    locked = _locked(meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise Conflict(_("The meeting is cancelled."))
    if count < 0:
        raise DomainError(_("Attendance cannot be negative."), field="attendance")
    _hands_fit(locked, count)
    locked.attendance_count = count
    locked.save(update_fields=["attendance_count", "updated_at"])
    return locked


def _hands_fit(meeting: Meeting, attendance: int) -> None:
    """A head count may not fall below the hands already counted for one statement."""
    most = (
        MeetingHandCount.objects.filter(meeting=meeting).aggregate(
            most=Max(F("agree") + F("disagree") + F("passed"))
        )["most"]
        or 0
    )
    if attendance < most:
        raise DomainError(
            _("Fewer people attending (%(m)d) than hands already counted (%(n)d).")
            % {"m": attendance, "n": most},
            field="attendance",
        )


@transaction.atomic
def minutes_open_amendments(*, actor: User, meeting: Meeting, until: datetime) -> Meeting:
    locked = _locked(meeting)
    if locked.minutes_status != MinutesStatus.DRAFT:
        raise Conflict(_("Only draft minutes can be opened for amendments."))
    if until <= timezone.now():
        raise DomainError(_("The amendment window must end in the future."), field="until")
    locked.minutes_status = MinutesStatus.AMENDMENT
    locked.amendments_until = until
    locked.save(update_fields=["minutes_status", "amendments_until", "updated_at"])
    return locked


@transaction.atomic
def amendment_add(*, user: User, meeting: Meeting, body: str) -> MinutesAmendment:
    locked = _locked(meeting)
    if locked.minutes_status != MinutesStatus.AMENDMENT or (
        locked.amendments_until and locked.amendments_until <= timezone.now()
    ):
        raise Conflict(_("The minutes are not open for amendments."))
    if not MeetingRegistration.objects.filter(
        meeting=locked, user=user, status=RegistrationStatus.REGISTERED
    ).exists():
        raise Conflict(_("Only people registered for the meeting propose amendments."))
    body = str(body or "").strip()
    if not body:
        raise DomainError(_("Write the amendment."), field="body")
    return MinutesAmendment.objects.create(meeting=locked, author=user, body=body)


@transaction.atomic
def minutes_finalise(*, actor: User, meeting: Meeting, text: str | None = None) -> Meeting:
    locked = _locked(meeting)
    if locked.minutes_status not in (MinutesStatus.DRAFT, MinutesStatus.AMENDMENT):
        raise Conflict(_("There are no minutes to finalise."))
    if text is not None:
        locked.minutes = text
    locked.minutes_status = MinutesStatus.FINAL
    locked.minutes_final_at = timezone.now()
    locked.save()
    return locked
