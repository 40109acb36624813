"""A town with ended processes and people who took part in them, for statistics tests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.models import Budget, Phase, Project, Result, ResultLine, Round, VoterRoll
from civic.accounts.models import User, Verification
from participation.models import (
    Consultation,
    ConsultationAnswerItem,
    ConsultationParticipation,
    Dialogue,
    DialogueParticipant,
    Meeting,
    OfficialResponse,
    Statement,
    StatementVote,
)
from tests.budgeting.factories import RoundFixture, build_round
from tests.factories import CityFixture, make_user

GENDERS = ["woman", "man", "another", "undisclosed", ""]


@dataclass
class World:
    city: CityFixture
    residents: list[User]
    consultation: Consultation
    small_consultation: Consultation
    dialogue: Dialogue
    pb: RoundFixture
    expected: dict[str, int] = field(default_factory=dict)


def residents(city: CityFixture, n: int, rng: random.Random) -> list[User]:
    areas = [city.areas["north"], city.areas["south"], city.areas["north-1"], city.areas["city"]]
    people = []
    for _i in range(n):
        user = make_user(gender=rng.choice(GENDERS))
        Verification.objects.create(
            user=user,
            organisation=city.organisation,
            method=Verification.Method.IN_PERSON,
            area=rng.choice(areas),
            birth_year=rng.randint(1940, 2010),
            verified_by=city.people["official"],
        )
        people.append(user)
    return people


def build_world(city: CityFixture, *, seed: int = 7, n: int = 60) -> World:
    rng = random.Random(seed)
    people = residents(city, n, rng)
    now = timezone.now()
    official = city.people["official"]

    consultation = Consultation.objects.create(
        organisation=city.organisation,
        title="Riverside plan",
        status="answered",
        sdg_goals=[11, 6],
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        opened_at=now - timedelta(days=40),
        closed_at=now - timedelta(days=10),
    )
    takers = people[: int(n * 0.7)]
    for user in takers:
        ConsultationParticipation.objects.create(consultation=consultation, user=user)
    ConsultationParticipation.objects.filter(consultation=consultation).update(
        created_at=now - timedelta(days=38)
    )
    ConsultationAnswerItem.objects.create(
        consultation=consultation,
        position=1,
        you_said="More shade along the river",
        we_did="Forty trees will be planted along the riverside path",
        outcome=ConsultationAnswerItem.Outcome.ADOPTED,
        reason="Most respondents asked for it.",
    )
    # Three people only: every figure of this consultation is suppressed.
    small = Consultation.objects.create(
        organisation=city.organisation,
        title="Market hours",
        status="closed",
        sdg_goals=[8],
        opened_at=now - timedelta(days=30),
    )
    for user in people[:3]:
        ConsultationParticipation.objects.create(consultation=small, user=user)

    dialogue = Dialogue.objects.create(
        organisation=city.organisation,
        question="How should the old depot be used?",
        phase="closed",
        sdg_goals=[11],
        opens_at=now - timedelta(days=35),
    )
    meeting = Meeting.objects.create(
        organisation=city.organisation,
        dialogue=dialogue,
        title="Depot evening",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20, hours=-2),
        created_by=official,
    )
    statements = [
        Statement.objects.create(dialogue=dialogue, text=f"Idea {i}", seeded_by=official)
        for i in range(3)
    ]
    for i, user in enumerate(people[n // 4 :]):
        participant = DialogueParticipant.objects.create(
            dialogue=dialogue, user=user, pseudonym=f"p{i}"
        )
        at_meeting = rng.random() < 0.3
        for statement in statements[: rng.randint(1, 3)]:
            StatementVote.objects.create(
                statement=statement,
                participant=participant,
                value=rng.choice([-1, 0, 1]),
                channel="meeting" if at_meeting else "online",
                meeting=meeting if at_meeting else None,
            )
    DialogueParticipant.objects.filter(dialogue=dialogue).update(
        created_at=now - timedelta(days=33)
    )
    OfficialResponse.objects.create(
        dialogue=dialogue,
        statement=statements[0],
        outcome="adopt",
        rationale="The depot becomes a community workshop.",
        author=official,
    )

    pb = build_round(city, phase=Phase.RESULTS, slug="pb-stats")
    for item in pb.city_items + pb.north_items:
        item.sdg_goals = [11] if "park" in item.title.lower() else [9]
        item.save(update_fields=["sdg_goals"])
    voters = people[n // 3 :]
    for user in voters:
        verification = user.verifications.get()
        channel = rng.choice(["web", "web", "paper", "desk"])
        budgets: list[Budget] = [pb.city_budget]
        if rng.random() < 0.5:
            budgets.append(pb.north_budget)
        for budget in budgets:
            VoterRoll.objects.create(
                round=pb.round,
                budget=budget,
                user=user,
                channel=channel,
                recorded_by=official if channel != "web" else None,
                area_id_snapshot=verification.area_id,
                age_band="30-44",
            )
    result = Result.objects.create(
        budget=pb.city_budget,
        rule="greedy-cost",
        ballots_counted=len(voters),
        spent=Decimal("900000"),
        computed_at=now,
        published_at=now,
    )
    for position, item in enumerate(pb.city_items):
        ResultLine.objects.create(
            result=result,
            item=item,
            votes=30 - position,
            cost=item.estimated_cost,
            selected=position < 2,
            position=position + 1,
        )
    Project.objects.create(
        item=pb.city_items[0], status="completed", progress=100, budget_spent=Decimal("550000")
    )
    Round.objects.filter(pk=pb.round.pk).update(voting_close=now - timedelta(days=5))
    return World(
        city=city,
        residents=people,
        consultation=consultation,
        small_consultation=small,
        dialogue=dialogue,
        pb=pb,
        expected={
            "consultation": len(takers),
            "dialogue": n - n // 4,
            "round": len(voters),
        },
    )
