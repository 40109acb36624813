"""Who took part in which process, read from the rolls of participation (never from content).

One ``Participation`` per person and process, with what statistics may break down by:
month, channel, age band, gender and area. Ballot secrecy: budgeting reads the voter roll
(who voted, channel, area and age band snapshot), never ballots.
Only processes that have ended are counted, so published figures do not move day by day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgeting.models import Phase, Round, VoterRoll
from civic.accounts.models import Gender, Verification
from civic.places.models import Organisation
from participation.models import (
    AgeBand,
    Consultation,
    ConsultationParticipation,
    ConsultationStatus,
    Dialogue,
    DialogueParticipant,
    DialoguePhase,
)

UNKNOWN = "unknown"

CONSULTATION = "consultation"
DIALOGUE = "dialogue"
ROUND = "round"
PROCESS_KINDS = {
    CONSULTATION: _("Consultation"),
    DIALOGUE: _("Dialogue"),
    ROUND: _("Participatory budget"),
}

CHANNELS = {
    "web": _("Online"),
    "meeting": _("In a meeting"),
    "paper": _("Paper"),
    "desk": _("At a desk"),
}

GENDERS = {
    Gender.WOMAN.value: Gender.WOMAN.label,
    Gender.MAN.value: Gender.MAN.label,
    Gender.ANOTHER.value: Gender.ANOTHER.label,
    UNKNOWN: _("Not stated"),
}

AGE_BANDS = dict(AgeBand.choices)

ENDED_CONSULTATION = [ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED]
ENDED_DIALOGUE = [DialoguePhase.RESPOND, DialoguePhase.CLOSED]
ENDED_ROUND = [Phase.RESULTS, Phase.IMPLEMENTATION]


@dataclass(frozen=True)
class Process:
    kind: str
    id: int
    title: str
    month: date
    area_id: int | None
    sdg_goals: tuple[int, ...]
    slug: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Participation:
    process: str
    person: str
    month: date
    channel: str
    age_band: str
    gender: str
    area_id: int | None
    contributions: int


def month_of(moment: datetime | None) -> date:
    moment = timezone.localtime(moment) if moment else timezone.localtime()
    return date(moment.year, moment.month, 1)


def age_band(birth_year: int | None, year: int) -> str:
    if not birth_year:
        return UNKNOWN
    age = year - birth_year
    if age < 18:
        return AgeBand.UNDER_18
    if age < 30:
        return AgeBand.B18
    if age < 45:
        return AgeBand.B30
    if age < 65:
        return AgeBand.B45
    return AgeBand.B65


def _gender(value: str | None) -> str:
    return value if value in GENDERS and value != UNKNOWN else UNKNOWN


def _residents(organisation: Organisation) -> dict[int, tuple[int, int]]:
    """User id -> (area id, birth year) from verifications with the organisation (or city)."""
    scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    rows = Verification.objects.filter(organisation_id__in=scope).values_list(
        "user_id", "area_id", "birth_year", "organisation_id"
    )
    found: dict[int, tuple[int, int]] = {}
    for user_id, area_id, birth_year, org_id in rows:
        if user_id not in found or org_id == organisation.pk:
            found[user_id] = (area_id, birth_year)
    return found


def _goals(value: object) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(sorted({int(g) for g in value if isinstance(g, int) and 1 <= g <= 17}))


def organisation_processes(organisation: Organisation) -> list[Process]:
    """The organisation's ended processes, oldest first."""
    root = organisation.areas.filter(parent__isnull=True).order_by("path").first()
    root_id = root.pk if root else None
    processes: list[Process] = []
    for c in Consultation.objects.filter(organisation=organisation, status__in=ENDED_CONSULTATION):
        moment = c.opened_at or c.opens_at or c.created_at
        processes.append(
            Process(CONSULTATION, c.pk, c.title, month_of(moment), root_id, _goals(c.sdg_goals))
        )
    for d in Dialogue.objects.filter(organisation=organisation, phase__in=ENDED_DIALOGUE):
        moment = d.opens_at or d.created_at
        processes.append(
            Process(DIALOGUE, d.pk, d.question, month_of(moment), root_id, _goals(d.sdg_goals))
        )
    for r in Round.objects.filter(organisation=organisation, phase__in=ENDED_ROUND):
        processes.append(
            Process(ROUND, r.pk, r.title, month_of(r.voting_close), root_id, (), r.slug)
        )
    processes.sort(key=lambda p: (p.month, p.kind, p.id))
    return processes


def organisation_participations(
    organisation: Organisation, processes: list[Process]
) -> list[Participation]:
    """Every person's participation in the given processes (a constant number of queries)."""
    residents = _residents(organisation)
    by_kind: dict[str, dict[int, Process]] = defaultdict(dict)
    for process in processes:
        by_kind[process.kind][process.id] = process
    out: list[Participation] = []

    consultations = by_kind[CONSULTATION]
    rows = ConsultationParticipation.objects.filter(
        consultation_id__in=list(consultations)
    ).values_list("consultation_id", "user_id", "user__gender", "created_at")
    for consultation_id, user_id, gender, created_at in rows.iterator(chunk_size=2000):
        area_id, birth_year = residents.get(user_id, (None, 0))
        month = month_of(created_at)
        out.append(
            Participation(
                f"{CONSULTATION}:{consultation_id}",
                f"u{user_id}",
                month,
                "web",
                age_band(birth_year, month.year),
                _gender(gender),
                area_id,
                1,
            )
        )

    dialogues = by_kind[DIALOGUE]
    participants = (
        DialogueParticipant.objects.filter(dialogue_id__in=list(dialogues))
        .annotate(
            n_votes=Count("votes", distinct=True),
            n_meeting=Count("votes", filter=Q(votes__channel="meeting"), distinct=True),
            n_statements=Count("statements", distinct=True),
        )
        .values_list(
            "id",
            "dialogue_id",
            "user_id",
            "user__gender",
            "created_at",
            "n_votes",
            "n_meeting",
            "n_statements",
        )
    )
    for pid, dialogue_id, user_id, gender, created_at, votes, meeting, statements in participants:
        if not votes and not statements:
            continue  # joined but did nothing
        area_id, birth_year = residents.get(user_id, (None, 0)) if user_id else (None, 0)
        month = month_of(created_at)
        out.append(
            Participation(
                f"{DIALOGUE}:{dialogue_id}",
                f"u{user_id}" if user_id else f"dp{pid}",
                month,
                "meeting" if meeting else "web",
                age_band(birth_year, month.year),
                _gender(gender),
                area_id,
                votes + statements,
            )
        )

    rounds = by_kind[ROUND]
    seen: dict[tuple[int, str], int] = {}
    roll_rows = list(
        VoterRoll.objects.filter(round_id__in=list(rounds))
        .order_by("round_id", "pk")
        .values_list(
            "pk",
            "round_id",
            "user_id",
            "user__gender",
            "channel",
            "area_id_snapshot",
            "age_band",
        )
    )
    for pk, round_id, user_id, gender, channel, area_id, band in roll_rows:
        person = f"u{user_id}" if user_id else f"roll{pk}"
        index = seen.get((round_id, person))
        if index is not None:  # the same person in a second budget of the round
            previous = out[index]
            out[index] = Participation(
                previous.process,
                previous.person,
                previous.month,
                previous.channel,
                previous.age_band,
                previous.gender,
                previous.area_id,
                previous.contributions + 1,
            )
            continue
        seen[(round_id, person)] = len(out)
        out.append(
            Participation(
                f"{ROUND}:{round_id}",
                person,
                rounds[round_id].month,
                channel if channel in CHANNELS else "web",
                band if band in AGE_BANDS else UNKNOWN,
                _gender(gender),
                area_id,
                1,
            )
        )
    return out
