"""Builders for consultation tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civic.accounts.models import User
from participation.models import Consultation, ConsultationQuestion, QuestionKind
from participation.services.consultation_questions import question_add
from participation.services.consultations import consultation_create, consultation_open
from tests.factories import CityFixture


def options(*labels: str) -> dict[str, Any]:
    return {"options": [{"key": f"o{i}", "label": label} for i, label in enumerate(labels, 1)]}


def make_consultation(
    city: CityFixture, *, open_now: bool = True, questions: bool = True, **fields: Any
) -> Consultation:
    now = timezone.now()
    fields.setdefault("title", "Park")
    fields.setdefault("opens_at", now - timedelta(hours=1))
    fields.setdefault("closes_at", now + timedelta(days=7))
    consultation = consultation_create(
        actor=city.people["official"], organisation=city.organisation, **fields
    )
    if questions:
        question_add(
            actor=city.people["official"],
            consultation=consultation,
            kind=QuestionKind.SINGLE,
            text="Do you like it?",
            required=True,
            config=options("Yes", "No", "Maybe"),
        )
    if open_now:
        consultation = consultation_open(actor=city.people["official"], consultation=consultation)
    return consultation


def first_question(consultation: Consultation) -> ConsultationQuestion:
    return consultation.questions.order_by("position").first()  # type: ignore[return-value]


def every_kind(consultation: Consultation, actor: User) -> dict[str, ConsultationQuestion]:
    """One question of every kind (the single choice one drives a condition)."""
    add = lambda **kw: question_add(actor=actor, consultation=consultation, **kw)  # noqa: E731
    q: dict[str, ConsultationQuestion] = {}
    q["single"] = add(kind="single", text="Visit?", required=True, config=options("Daily", "Never"))
    q["multiple"] = add(
        kind="multiple",
        text="Why not?",
        required=True,
        config={**options("Far", "Time", "Safety"), "min": 1, "max": 2},
        condition_question=q["single"],
        condition_values=["o2"],
    )
    q["ranking"] = add(kind="ranking", text="Rank", config=options("A", "B", "C"))
    q["rating"] = add(kind="rating", text="Shade?", config={"min": 1, "max": 5})
    q["number"] = add(kind="number", text="Minutes?", config={"min": 0, "max": 120})
    q["short_text"] = add(kind="short_text", text="Name?", config={"max_length": 10})
    q["long_text"] = add(kind="long_text", text="Else?", config={"max_length": 50})
    q["matrix"] = add(
        kind="matrix",
        text="Features",
        required=True,
        config={
            **options("Against", "For"),
            "rows": [{"key": "lights", "label": "Lights"}, {"key": "dogs", "label": "Dogs"}],
        },
    )
    q["budget"] = add(
        kind="budget",
        text="Spread",
        config={**options("Trees", "Benches"), "total": 100, "must_spend_all": True},
    )
    return q
