"""What consultations contribute to the shared registries: open processes, personal
data, demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.processes import OpenProcess


def open_consultations(user: Any) -> list[OpenProcess]:
    from participation.selectors.consultations import consultation_list

    return [
        OpenProcess(
            kind=str(_("Consultation")),
            title=c.title,
            url=reverse("consultation-detail", args=[c.pk]),
            organisation=c.organisation.name,
            closes_at=c.closes_at,
            summary=c.summary,
        )
        for c in consultation_list(user=user, status="open")[:50]
    ]


def personal_data_export(user: User) -> dict[str, Any]:
    """Identified responses, unfinished answers, comments and ratings. Anonymous answers
    are not linked to the account, so they are not part of the download."""
    from participation.models import (
        ConsultationParagraphComment,
        ConsultationParagraphRating,
        ConsultationParticipation,
        ConsultationResponse,
        ConsultationResponseDraft,
    )

    return {
        "responded_to": [
            p.consultation.title
            for p in ConsultationParticipation.objects.filter(user=user).select_related(
                "consultation"
            )
        ],
        "responses": [
            {
                "consultation": r.consultation.title,
                "answers": r.answers,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in ConsultationResponse.objects.filter(user=user).select_related("consultation")
        ],
        "unfinished_responses": [
            {"consultation": d.consultation.title, "answers": d.answers}
            for d in ConsultationResponseDraft.objects.filter(user=user).select_related(
                "consultation"
            )
        ],
        "paragraph_comments": [
            {"paragraph": c.paragraph_id, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in ConsultationParagraphComment.objects.filter(author=user)
        ],
        "paragraph_ratings": [
            {"paragraph": r.paragraph_id, "value": r.value}
            for r in ConsultationParagraphRating.objects.filter(user=user)
        ],
    }


def personal_data_erase(user: User) -> None:
    """Before the account goes: responses and comments stay, without the person. The
    edit links of anonymous responses are cut, so nothing can find them again."""
    from participation.models import ConsultationParticipation, ConsultationResponse
    from participation.services.consultation_responses import response_edit_key

    for participation in ConsultationParticipation.objects.filter(user=user).select_related(
        "consultation"
    ):
        key = response_edit_key(consultation=participation.consultation, user=user)
        ConsultationResponse.objects.filter(edit_key=key).update(edit_key=None)


def demo_step(demo: Any, say: Callable[[str], None]) -> None:
    from participation.consultation_demo import seed_consultations

    seed_consultations(demo, say)
