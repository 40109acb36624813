"""What dialogues and meetings contribute to the shared registries: event kinds, scheduled
jobs, open processes, personal data, demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.accounts.models import User
from civic.processes import OpenProcess


def register_all() -> None:
    from civic import demo, processes
    from civic.accounts import personal_data
    from civic.notifications.kinds import Channel, kind_register
    from civic.notifications.schedules import scheduled_job_register
    from participation import admin_dialogues  # noqa: F401 - registers the admin

    kind_register("dialogue.opened", gettext_lazy("A dialogue opens for votes"), Channel.EMAIL)
    kind_register("dialogue.closed", gettext_lazy("A dialogue closes"), Channel.IN_APP)
    kind_register("statement.reply", gettext_lazy("A reply to your statement"), Channel.IN_APP)
    kind_register(
        "response.published",
        gettext_lazy("The city responds to a statement you voted on"),
        Channel.EMAIL,
    )
    kind_register("meeting.reminder", gettext_lazy("A meeting you registered for"), Channel.EMAIL)
    kind_register("meeting.cancelled", gettext_lazy("A meeting is cancelled"), Channel.EMAIL)
    kind_register(
        "meeting.place_offered",
        gettext_lazy("A place frees up at a meeting you wait for"),
        Channel.EMAIL,
    )
    scheduled_job_register("dialogues.advance", _advance, every=timedelta(minutes=1))
    scheduled_job_register("meetings.remind", _remind, every=timedelta(minutes=10))
    processes.register("dialogue", open_dialogues)
    personal_data.register("dialogues", exporter=personal_data_export, eraser=None)
    demo.register_step("dialogues", demo_step)


def _advance(now: Any) -> int:
    from participation.services.dialogues import dialogues_advance

    return dialogues_advance(now)["moved"]


def _remind(now: Any) -> int:
    from participation.services.meetings import meetings_remind

    return meetings_remind(now)


def open_dialogues(user: Any) -> list[OpenProcess]:
    from participation.selectors.dialogues import dialogue_list

    return [
        OpenProcess(
            kind=str(_("Dialogue")),
            title=d.question,
            url=reverse("dialogue-detail", args=[d.pk]),
            organisation=d.organisation.name,
            closes_at=d.responds_at,
            summary=d.framing[:200],
        )
        for d in dialogue_list(user=user, phase="open")[:50]
    ]


def personal_data_export(user: User) -> dict[str, Any]:
    """Pseudonyms, statements, votes, replies and reports, and meeting registrations.
    Contributions stay when the account is deleted: their link to the person is cut by
    the foreign keys (SET_NULL on the participant's user)."""
    from participation.models import (
        ContentReport,
        Dialogue,
        DialogueParticipant,
        MeetingRegistration,
        MinutesAmendment,
        Statement,
        StatementReply,
        StatementVote,
    )

    participants = DialogueParticipant.objects.filter(user=user)
    return {
        "dialogues": [
            {"dialogue": p.dialogue.question, "pseudonym": p.pseudonym}
            for p in participants.select_related("dialogue")
        ],
        "statements": [
            {"dialogue": s.dialogue_id, "text": s.text, "created_at": s.created_at.isoformat()}
            for s in Statement.objects.filter(author__in=participants)
        ],
        "votes": [
            {
                "statement": v.statement_id,
                "value": v.value,
                "important": v.important,
                "channel": v.channel,
                "updated_at": v.updated_at.isoformat(),
            }
            for v in StatementVote.objects.filter(participant__in=participants)
        ],
        "replies": [
            {"statement": r.statement_id, "stance": r.stance, "body": r.body}
            for r in StatementReply.objects.filter(author__in=participants)
        ],
        "reports": [
            {"statement": r.statement_id, "reply": r.reply_id, "reason": r.reason}
            for r in ContentReport.objects.filter(reporter__in=participants)
        ],
        "meeting_registrations": [
            {"meeting": r.meeting.title, "status": r.status}
            for r in MeetingRegistration.objects.filter(user=user).select_related("meeting")
        ],
        "minutes_amendments": [
            {"meeting": a.meeting.title, "body": a.body, "created_at": a.created_at.isoformat()}
            for a in MinutesAmendment.objects.filter(author=user).select_related("meeting")
        ],
        "dialogues_opened": [
            {"dialogue": d.pk, "question": d.question, "created_at": d.created_at.isoformat()}
            for d in Dialogue.objects.filter(created_by=user)
        ],
    }


def demo_step(demo: Any, say: Callable[[str], None]) -> None:
    from participation.dialogue_demo import seed_dialogues

    seed_dialogues(demo, say)
