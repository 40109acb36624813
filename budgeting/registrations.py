"""What budgeting plugs into the platform: event kinds, open processes, personal data,
scheduled jobs, demo data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import processes
from civic.accounts import personal_data
from civic.demo import register_step
from civic.notifications.kinds import Channel, kind_register
from civic.notifications.schedules import scheduled_job_register


def _open_rounds(user: Any) -> list[processes.OpenProcess]:
    from budgeting.models import Phase, Round

    found = []
    now = timezone.now()
    phases: dict[str, str] = {
        Phase.PROPOSALS: "proposals_close",
        Phase.SUPPORTS: "supports_close",
        Phase.VOTING: "voting_close",
    }
    for round in Round.objects.filter(phase__in=list(phases)).select_related("organisation"):
        closes = getattr(round, phases[round.phase])
        if closes is not None and closes < now:
            continue
        found.append(
            processes.OpenProcess(
                kind=str(
                    _("Participatory budget: %(phase)s") % {"phase": round.get_phase_display()}
                ),
                title=round.title,
                url=reverse("budgeting:round", args=[round.slug]),
                organisation=round.organisation.name,
                closes_at=closes,
                summary=round.description[:200],
            )
        )
    return found


def _export(user: Any) -> dict[str, Any]:
    from budgeting.models import Item, ItemComment, Support

    # Ballots are secret and hold nothing about the person; the roll says only that
    # they voted, which the person knows.
    return {
        "proposals": [
            {
                "round": i.round.title,
                "title": i.title,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in Item.objects.filter(author=user).select_related("round")
        ],
        "comments": [
            {"proposal": c.item.title, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in ItemComment.objects.filter(author=user).select_related("item")
        ],
        "supports": [
            s.item.title for s in Support.objects.filter(user=user).select_related("item")
        ],
    }


def _erase(user: Any) -> None:
    from budgeting.models import SupportQuota

    SupportQuota.objects.filter(user=user).delete()


def register() -> None:
    kind_register("round.phase_changed", _("A budgeting round enters a new phase"), Channel.EMAIL)
    kind_register("round.voting_closes_soon", _("Budget voting closes soon"), Channel.EMAIL)
    kind_register("item.assessed", _("Your proposal was assessed"), Channel.EMAIL)
    kind_register("item.ballot_decided", _("The ballot decision on your proposal"), Channel.EMAIL)
    processes.register("budgeting", _open_rounds)
    from budgeting.services.schedule import phases_job, voting_closes_soon_job

    scheduled_job_register("budgeting.phases", phases_job, every=timedelta(minutes=1))
    scheduled_job_register(
        "budgeting.voting_closes_soon", voting_closes_soon_job, every=timedelta(minutes=15)
    )
    personal_data.register("budgeting", exporter=_export, eraser=_erase)
    from budgeting.demo_voting import seed_voting_round

    register_step("budgeting.voting_round", seed_voting_round)
