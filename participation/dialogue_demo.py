"""Demo open dialogue for ``manage.py seed_demo`` (idempotent: found by its question).

Two opinion blocs vote on the statements (with some noise and unseen statements), so the
opinion map separates at least two groups; a few statements everyone shares make the
common ground. Replies, a report and a moderator's decision, official responses and a
past meeting with final minutes complete the picture.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from civic.accounts.models import User
from participation.models import (
    Dialogue,
    DialoguePhase,
    MeetingMode,
    ReportReason,
    ResponseOutcome,
    Stance,
    Statement,
    StatementVote,
    VoteChannel,
)
from participation.services.dialogue_responses import (
    response_publish,
    statements_needing_response,
)
from participation.services.dialogues import (
    dialogue_create,
    participant_get_or_create,
    reply_add,
    statement_add,
    statement_seed,
)
from participation.services.meetings import (
    hand_count_record,
    meeting_create,
    minutes_finalise,
    minutes_save,
    registration_add,
    room_statement_record,
)
from participation.services.moderation import content_hide, report_add
from participation.services.opinion_snapshots import snapshot_compute

QUESTION = "How should the riverside between Millbrook and the Docklands change?"
PANEL = 60
# (text, bloc A's leaning, bloc B's leaning): 1 agree, -1 disagree, 0 shared agreement.
STATEMENTS: list[tuple[str, int, int]] = [
    ("Close the riverside road to cars on weekends.", 1, -1),
    ("Keep every parking space along the river.", -1, 1),
    ("Build a protected cycle lane along the water.", 1, -1),
    ("Add more benches and shade trees along the path.", 1, 1),
    ("Plant wildflower meadows instead of mown lawn.", 1, -1),
    ("Allow food trucks on the quay in summer.", -1, 1),
    ("Light the footpath at night so it feels safe.", 1, 1),
    ("Turn the old warehouse into a market hall.", -1, 1),
    ("Lower the speed limit on the river road to 30 km/h.", 1, -1),
    ("Keep the riverside free of new buildings.", 1, -1),
    ("Put public toilets near the playground.", 1, 1),
    ("Let the rowing club extend its boathouse.", -1, 1),
]


def _panel() -> list[User]:
    people: list[User] = []
    for number in range(1, PANEL + 1):
        email = f"dialogue{number}@riverton.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password=None, display_name=f"Voice {number}")
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        people.append(user)
    return people


def seed_dialogues(demo: Any, say: Callable[[str], None]) -> None:
    if Dialogue.objects.filter(organisation=demo.city, question=QUESTION).exists():
        say("Dialogue: already there.")
        return
    official = demo.staff["official"]
    moderator = demo.staff["moderator"]
    now = timezone.now()
    dialogue = dialogue_create(
        actor=official,
        organisation=demo.city,
        question=QUESTION,
        framing=(
            "The riverside path is being renewed next year. Vote on the statements, add your "
            "own, and see where Riverton agrees and where it differs. The city responds to "
            "every statement most people share."
        ),
        areas=[demo.areas["millbrook"], demo.areas["docklands"]],
        sdg_goals=[11, 15],
        languages=["en"],
        opens_at=now - timedelta(days=10),
        responds_at=now + timedelta(days=20),
        closes_at=now + timedelta(days=40),
    )
    statements = [
        statement_seed(actor=official, dialogue=dialogue, text=t) for t, _a, _b in STATEMENTS
    ]
    Dialogue.objects.filter(pk=dialogue.pk).update(phase=DialoguePhase.OPEN)
    dialogue.refresh_from_db()
    people = list(demo.residents) + _panel()
    rng = random.Random(2026)  # noqa: S311 - demo data  # demo data, not security  # nosec B311
    votes: list[StatementVote] = []
    participants = []
    for index, person in enumerate(people):
        participant = participant_get_or_create(dialogue=dialogue, user=person)
        participants.append(participant)
        bloc = index % 2
        for statement, (_text, lean_a, lean_b) in zip(statements, STATEMENTS, strict=True):
            if rng.random() < 0.2:
                continue  # not seen
            lean = lean_a if bloc == 0 else lean_b
            roll = rng.random()
            value = lean if roll < 0.8 else (0 if roll < 0.9 else -lean)
            votes.append(
                StatementVote(
                    statement=statement,
                    participant=participant,
                    value=value,
                    important=rng.random() < 0.15,
                    channel=VoteChannel.ONLINE,
                )
            )
    StatementVote.objects.bulk_create(votes)
    # A participant's statement and a discussion under the first statement.
    first, second = people[0], people[1]
    added = statement_add(
        user=first, dialogue=dialogue, text="Give the river path its own name, chosen by residents."
    )
    reply = reply_add(
        user=second,
        statement=statements[0],
        stance=Stance.AGAINST,
        body="Deliveries to the Docklands shops need that road on Saturday mornings.",
    )
    reply_add(
        user=first,
        statement=statements[0],
        parent=reply,
        stance=Stance.FOR,
        body="Deliveries could be allowed before 10:00 and the road closed after that.",
    )
    reply_add(
        user=people[2],
        statement=statements[3],
        stance=Stance.FOR,
        body="Shade matters: the path is too hot to walk at noon in July.",
    )
    # Moderation history: a rude statement reported and hidden with a public reason.
    rude = statement_add(user=people[3], dialogue=dialogue, text="Anyone who cycles is an idiot.")
    for reporter in people[4:7]:
        report_add(user=reporter, target=rude, reason=ReportReason.OFFENSIVE)
    content_hide(
        actor=moderator,
        target=rude,
        public_reason="Insults people instead of making a point about the riverside.",
    )
    del added
    snapshot = snapshot_compute(dialogue_id=dialogue.pk)
    # Official responses to everything closing would require.
    outcomes = [ResponseOutcome.ADOPT, ResponseOutcome.PARTLY, ResponseOutcome.STUDY]
    for number, pk in enumerate(statements_needing_response(dialogue=dialogue)):
        outcome = outcomes[number % len(outcomes)]
        response_publish(
            actor=official,
            dialogue=dialogue,
            statement=Statement.objects.get(pk=pk),
            outcome=outcome,
            rationale=(
                "The riverside plan includes this."
                if outcome == ResponseOutcome.ADOPT
                else "We will do part of this and explain the rest at the next meeting."
                if outcome == ResponseOutcome.PARTLY
                else "Traffic engineers will study this and report back."
            ),
            due_date=(now + timedelta(days=60)).date()
            if outcome == ResponseOutcome.STUDY
            else None,
        )
    # A past meeting with final minutes, and a coming one with registration open.
    past = meeting_create(
        actor=official,
        organisation=demo.city,
        dialogue=dialogue,
        area=demo.areas["millbrook"],
        title="Riverside walk-and-talk",
        description="A walk along the river with the planners, then a discussion.",
        mode=MeetingMode.IN_PERSON,
        place="Millbrook library, Bridge Street 4",
        starts_at=now - timedelta(days=6, hours=2),
        ends_at=now - timedelta(days=6),
        capacity=30,
        agenda=[("Welcome", None), ("Cars on the riverside road", statements[0])],
    )
    minutes_save(
        actor=official,
        meeting=past,
        attendance=23,
        text=(
            "23 residents walked the riverside with two planners. The discussion turned on "
            "the riverside road: the Docklands shops need deliveries; many walkers want the "
            "road closed at weekends. Everyone supported more shade and lighting."
        ),
    )
    # In the room: a statement raised by a walker, and the hand count on the road.
    room_statement_record(
        actor=official, meeting=past, text="Benches in the shade every few hundred metres."
    )
    hand_count_record(
        actor=official, meeting=past, statement=statements[0], agree=9, disagree=12, passed=2
    )
    minutes_finalise(actor=official, meeting=past)
    coming = meeting_create(
        actor=official,
        organisation=demo.city,
        dialogue=dialogue,
        area=demo.areas["docklands"],
        title="Riverside dialogue: the city's answers",
        description="Officials present their responses; questions from the room.",
        mode=MeetingMode.HYBRID,
        place="Docklands community centre",
        online_url="https://meet.riverton.example/riverside",
        starts_at=now + timedelta(days=12),
        ends_at=now + timedelta(days=12, hours=2),
        capacity=40,
    )
    for person in people[:5]:
        registration_add(user=person, meeting=coming)
    groups = len(snapshot.data["groups"]) if snapshot is not None else 0
    say(
        f"Dialogue: {len(people)} participants, {len(votes)} votes, {groups} opinion groups, "
        "replies, a moderation decision, official responses, a past and a coming meeting."
    )
