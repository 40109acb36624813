"""Demo consultations for ``manage.py seed_demo`` (idempotent: found by title)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from civic.accounts.models import User
from civic.accounts.services.verification import verification_by_census
from civic.places.models import CensusEntry
from civic.places.services.census import census_identifier_hash
from participation.models import Audience, Consultation, QuestionKind, ResultsVisibility
from participation.services.consultation_answers import (
    answer_item_add,
    answer_save,
    consultation_answer_publish,
)
from participation.services.consultation_drafts import (
    draft_version_publish,
    paragraph_comment_add,
    paragraph_rate,
)
from participation.services.consultation_questions import question_add
from participation.services.consultation_responses import response_submit
from participation.services.consultations import (
    consultation_close,
    consultation_create,
    consultation_open,
)

EVERY_KIND = "Riverside park: what should it become?"
DRAFT_TEXT = "Draft by-law on quiet hours"
ANSWERED = "Cycling in the Old Town"
PANEL_SIZE = 120

PLAN_V1 = """# Purpose
This by-law sets quiet hours so that residents can rest.

# Quiet hours
Quiet hours run from 22:00 to 07:00 on weekdays.

On Saturdays and Sundays quiet hours run from 23:00 to 08:00.

# Exceptions
Building work may continue during quiet hours with a permit from the city.
"""

PLAN_V2 = """# Purpose
This by-law sets quiet hours so that residents can rest and children can sleep.

# Quiet hours
Quiet hours run from 22:00 to 07:00 on weekdays.

On Saturdays and Sundays quiet hours run from 23:00 to 09:00.

# Exceptions
Building work may continue during quiet hours only in emergencies.

Street festivals registered with the city are exempt until midnight.
"""


def _panel(demo: Any) -> list[User]:
    """Census-verified demo residents who only ever answer consultations (no password)."""
    panel: list[User] = []
    for number in range(101, 101 + PANEL_SIZE):
        email = f"panel{number}@riverton.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password=None, display_name=f"Panel {number}")
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not user.verifications.exists():
            identifier = f"RVT-{number:05d}"
            entry = CensusEntry.objects.get(
                organisation=demo.city,
                identifier_hash=census_identifier_hash(
                    organisation=demo.city, identifier=identifier
                ),
            )
            verification_by_census(
                user=user,
                organisation=demo.city,
                identifier=identifier,
                birth_year=entry.birth_year,
            )
        panel.append(user)
    return panel


def _options(*labels: str) -> dict[str, Any]:
    return {"options": [{"key": f"o{i}", "label": label} for i, label in enumerate(labels, 1)]}


def _every_kind(demo: Any, official: User) -> Consultation:
    now = timezone.now()
    c = consultation_create(
        actor=official,
        organisation=demo.departments[0],
        title=EVERY_KIND,
        summary="Tell us how the old riverside works yard should become a park.",
        body=(
            "The city bought the **old works yard** on the river in 2025. Before an architect "
            "draws anything, we want to know what you would use the park for.\n\n"
            "- Answers are anonymous.\n- You can change your answers until the consultation "
            "closes.\n\nRead the [site survey](https://riverton.example/park) for background."
        ),
        areas=[demo.areas["north"]],
        sdg_goals=[11, 15],
        languages=["en", "zh-hans", "ar"],
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=26),
        audience=Audience.RESIDENTS,
        anonymous=True,
        allow_edit=True,
        results_visibility=ResultsVisibility.LIVE,
    )
    visit = question_add(
        actor=official, consultation=c, kind=QuestionKind.SINGLE, required=True,
        text="How often would you visit the park?",
        config=_options("Every day", "Every week", "Now and then", "Never"),
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.MULTIPLE,
        text="Why would you not visit it?", help_text="Choose up to two.",
        config={**_options("Too far", "No time", "Not safe", "Nothing for me"), "min": 1, "max": 2},
        condition_question=visit, condition_values=["o4"],
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.RANKING,
        text="Rank these uses from most to least important to you.",
        config=_options("Playground", "Sports fields", "Quiet garden", "Café"),
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.RATING, required=True,
        text="How important is shade from trees?",
        config={"min": 1, "max": 5, "min_label": "Not important", "max_label": "Very important"},
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.NUMBER,
        text="How many minutes would you walk to reach the park?",
        config={"min": 0, "max": 120, "integer": True},
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.SHORT_TEXT,
        text="What should the park be called?", config={"max_length": 80},
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.LONG_TEXT,
        text="Anything else we should know?", config={"max_length": 2000},
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.MATRIX,
        text="How do you feel about these features?",
        config={
            **_options("Against", "Neutral", "In favour"),
            "rows": [
                {"key": "lights", "label": "Lighting at night"},
                {"key": "dogs", "label": "A dog run"},
                {"key": "toilets", "label": "Public toilets"},
            ],
        },
    )  # fmt: skip
    question_add(
        actor=official, consultation=c, kind=QuestionKind.BUDGET,
        text="Spread 100,000 RVT dollars across these.",
        config={**_options("Trees", "Benches", "Paths", "Water play"), "total": 100000,
                "unit": "$"},
    )  # fmt: skip
    return consultation_open(actor=official, consultation=c)


def _draft_text(demo: Any, official: User) -> Consultation:
    now = timezone.now()
    c = consultation_create(
        actor=official,
        organisation=demo.city,
        title=DRAFT_TEXT,
        summary="Comment paragraph by paragraph on the proposed quiet hours.",
        body="The city council will vote on this by-law in the autumn. Comment on each "
        "paragraph and say whether you agree.",
        areas=[demo.areas["riverton"]],
        sdg_goals=[3, 11],
        languages=["en"],
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=20),
        audience=Audience.RESIDENTS,
        min_age=16,
        results_visibility=ResultsVisibility.AFTER_CLOSE,
    )
    first = draft_version_publish(
        actor=official, consultation=c, title="Quiet hours by-law", source=PLAN_V1
    )
    consultation_open(actor=official, consultation=c)
    residents = list(demo.residents[:16])
    weekend = first.paragraphs.get(position=3)
    paragraph_comment_add(
        user=residents[0], paragraph=weekend, body="08:00 is too early on Sundays."
    )
    paragraph_comment_add(
        user=residents[1], paragraph=weekend, body="Agreed, 09:00 would be better."
    )
    paragraph_rate(user=residents[0], paragraph=weekend, value=-1)
    second = draft_version_publish(
        actor=official,
        consultation=c,
        title="Quiet hours by-law",
        source=PLAN_V2,
        change_note="Weekend mornings until 09:00; building work only in emergencies.",
    )
    latest = second.paragraphs.get(position=5)
    paragraph_comment_add(user=residents[2], paragraph=latest, body="Please include night markets.")
    for index, resident in enumerate(residents[3:9]):
        paragraph_rate(
            user=resident, paragraph=second.paragraphs.get(position=3), value=[1, 1, 0][index % 3]
        )
    return c


def _answered(demo: Any, official: User, panel: list[User]) -> Consultation:
    now = timezone.now()
    c = consultation_create(
        actor=official,
        organisation=demo.departments[1],
        title=ANSWERED,
        summary="Should the Old Town get protected cycle lanes?",
        body="We asked which streets of the Old Town need protected cycle lanes.",
        areas=[demo.areas["old-town"]],
        sdg_goals=[11, 13],
        languages=["en"],
        opens_at=now - timedelta(days=40),
        closes_at=now + timedelta(days=1),
        audience=Audience.RESIDENTS,
        anonymous=True,
        allow_edit=False,
    )
    support = question_add(
        actor=official, consultation=c, kind=QuestionKind.SINGLE, required=True,
        text="Should the Old Town get protected cycle lanes?",
        config=_options("Yes", "No", "Not sure"),
    )  # fmt: skip
    streets = question_add(
        actor=official, consultation=c, kind=QuestionKind.MULTIPLE,
        text="Which streets first?",
        config={**_options("Castle Road", "Market Street", "Bridge Lane"), "min": 1, "max": 3},
    )  # fmt: skip
    safety = question_add(
        actor=official, consultation=c, kind=QuestionKind.RATING, required=True,
        text="How safe do you feel cycling in the Old Town today?",
        config={"min": 1, "max": 5, "min_label": "Not safe", "max_label": "Very safe"},
    )  # fmt: skip
    ideas = question_add(
        actor=official, consultation=c, kind=QuestionKind.LONG_TEXT,
        text="What would make cycling better?", config={"max_length": 1000},
    )  # fmt: skip
    consultation_open(actor=official, consultation=c)
    rng = random.Random(7)  # noqa: S311 - demo data  # demo data, not security  # nosec B311
    texts = [
        "More bike parking at the market.",
        "Slower cars on Castle Road.",
        "Lanes separated by kerbs, not paint.",
        "Better lighting on Bridge Lane.",
    ]
    for person in panel:
        choice = rng.choices(["o1", "o2", "o3"], weights=[6, 3, 1])[0]
        answers: dict[str, Any] = {
            support.field_name: choice,
            safety.field_name: rng.randint(1, 5),
        }
        if choice == "o1":
            answers[streets.field_name] = rng.sample(["o1", "o2", "o3"], rng.randint(1, 2))
        if rng.random() < 0.15:
            answers[ideas.field_name] = rng.choice(texts)
        response_submit(user=person, consultation=c, answers=answers)
    consultation_close(actor=official, consultation=c)
    answer_save(
        actor=official,
        consultation=c,
        body=(
            "Thank you to everyone who answered. Most of you asked for protected lanes, "
            "so **Castle Road** gets a kerb-separated lane in 2027."
        ),
    )
    answer_item_add(
        actor=official, consultation=c, question=support, outcome="adopted",
        you_said="Most respondents want protected cycle lanes.",
        we_did="Castle Road gets a kerb-separated lane.",
        reason="It is the most used route and was chosen most often.",
    )  # fmt: skip
    answer_item_add(
        actor=official, consultation=c, question=streets, outcome="partly",
        you_said="Market Street should come next.",
        we_did="Market Street gets a 20 km/h limit now and a lane study in 2028.",
        reason="Market stalls need the street width on market days.",
    )  # fmt: skip
    answer_item_add(
        actor=official, consultation=c, question=ideas, outcome="not_adopted",
        you_said="Close the Old Town to cars entirely.",
        we_did="Cars stay allowed for residents and deliveries.",
        reason="Residents with reduced mobility depend on car access.",
    )  # fmt: skip
    return consultation_answer_publish(actor=official, consultation=c)


def seed_consultations(demo: Any, say: Callable[[str], None]) -> None:
    official = demo.staff["official"]
    existing = set(
        Consultation.objects.filter(organisation__in=[demo.city, *demo.departments]).values_list(
            "title", flat=True
        )
    )
    if EVERY_KIND not in existing:
        _every_kind(demo, official)
    if DRAFT_TEXT not in existing:
        _draft_text(demo, official)
    if ANSWERED not in existing:
        _answered(demo, official, _panel(demo))
    say(
        "Consultations: one open with every question type, one on a draft text with two "
        f"versions, one closed and answered ({PANEL_SIZE} responses)."
    )
