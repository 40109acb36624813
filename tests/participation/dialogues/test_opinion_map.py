"""The opinion map task: debounced, immutable snapshots, two groups from two blocs, the
page shows the map; official responses gate closing; voters hear of responses."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.test import Client

from civic.errors import Conflict
from participation.models import Dialogue, DialoguePhase, OpinionMapSnapshot, StatementVote
from participation.selectors.dialogues import snapshot_latest
from participation.services.dialogue_responses import response_publish, responses_missing
from participation.services.dialogues import (
    dialogue_phase_set,
    participant_get_or_create,
    vote_cast,
)
from participation.services.opinion_snapshots import map_refresh_request, snapshot_compute
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue, seed, voters

pytestmark = pytest.mark.django_db
LEANS = [(1, -1), (-1, 1), (1, -1), (1, 1), (1, -1), (-1, 1), (1, 1), (1, -1)]


def two_blocs(city: CityFixture, people: int = 30) -> Dialogue:
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, *[f"Statement number {i}" for i in range(len(LEANS))])
    rng = random.Random(1)
    votes = []
    for index, user in enumerate(voters(people)):
        participant = participant_get_or_create(dialogue=dialogue, user=user)
        for statement, lean in zip(statements, LEANS, strict=True):
            value = lean[index % 2] if rng.random() < 0.9 else 0
            votes.append(StatementVote(statement=statement, participant=participant, value=value))
    StatementVote.objects.bulk_create(votes)
    return dialogue


def test_burst_of_votes_queues_one_refresh(
    city: CityFixture, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    from participation import tasks_dialogues

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        tasks_dialogues.opinion_map_refresh_task,
        "apply_async",
        lambda args, countdown: calls.append(args),
    )
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, "One", "Two", "Three")
    with django_capture_on_commit_callbacks(execute=True):
        for user in voters(5):
            for statement in statements:
                vote_cast(user=user, statement=statement, value=1)
    assert calls == [(dialogue.pk,)]
    snapshot_compute(dialogue_id=dialogue.pk)  # the task clears the mark
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(user=city.people["resident"], statement=statements[0], value=-1)
    assert len(calls) == 2
    assert not map_refresh_request(dialogue=dialogue)  # already queued


def test_task_writes_immutable_snapshot_with_two_groups(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    dialogue = two_blocs(city)
    (statement,) = seed(city, dialogue, "Trigger")
    with django_capture_on_commit_callbacks(execute=True):  # eager task in tests
        vote_cast(user=city.people["resident"], statement=statement, value=1)
    snapshot = snapshot_latest(dialogue=dialogue)
    assert snapshot is not None
    assert snapshot.data["publication"]["status"] == "groups"
    assert len(snapshot.data["groups"]) == 2
    assert snapshot.n_votes == 30 * len(LEANS) + 1
    snapshot.n_votes = 0
    with pytest.raises(ValueError, match="immutable"):
        snapshot.save()
    second = snapshot_compute(dialogue_id=dialogue.pk)
    assert second is not None and OpinionMapSnapshot.objects.filter(dialogue=dialogue).count() == 2
    # Stable labels: the same people keep the same group labels.
    first_groups = dict(
        zip(
            snapshot.data["participants"]["ids"],
            snapshot.data["participants"]["group"],
            strict=True,
        )
    )
    second_groups = dict(
        zip(second.data["participants"]["ids"], second.data["participants"]["group"], strict=True)
    )
    assert first_groups == second_groups


def test_page_shows_map_table_and_own_position(city: CityFixture) -> None:
    dialogue = two_blocs(city)
    statement = dialogue.statements.first()
    assert statement is not None
    user = city.people["resident"]
    participant_get_or_create(dialogue=dialogue, user=user)
    StatementVote.objects.create(
        statement=statement,
        participant=participant_get_or_create(dialogue=dialogue, user=user),
        value=1,
    )
    snapshot_compute(dialogue_id=dialogue.pk)
    client = Client()
    client.force_login(user)
    html = client.get(f"/dialogues/{dialogue.pk}/").content.decode()
    assert "<svg" in html and "Group A" in html and "Group B" in html
    assert "The map as a table" in html and "<caption>" in html
    assert ">You</text>" in html
    assert "Common ground" in html and "Where views divide" in html


def test_dialogue_cannot_close_until_responses(
    city: CityFixture, django_capture_on_commit_callbacks: Any
) -> None:
    from civic.notifications.models import Event

    dialogue = two_blocs(city)
    snapshot_compute(dialogue_id=dialogue.pk)
    official = city.people["official"]
    dialogue_phase_set(actor=official, dialogue=dialogue, phase=DialoguePhase.RESPOND)
    missing = responses_missing(dialogue=dialogue)
    assert missing
    with pytest.raises(Conflict) as error:
        dialogue_phase_set(actor=official, dialogue=dialogue, phase=DialoguePhase.CLOSED)
    assert error.value.code == "responses_missing"
    for pk in missing:
        response_publish(
            actor=official,
            dialogue=dialogue,
            statement=dialogue.statements.get(pk=pk),
            outcome="adopt",
            rationale="We will do it.",
        )
    event = Event.objects.filter(kind="response.published").first()
    assert event is not None and len(event.recipient_ids) > 0
    dialogue_phase_set(actor=official, dialogue=dialogue, phase=DialoguePhase.CLOSED)
    dialogue.refresh_from_db()
    assert dialogue.phase == DialoguePhase.CLOSED


def test_study_outcome_needs_due_date(city: CityFixture) -> None:
    from civic.errors import DomainError

    dialogue = make_dialogue(city)
    (statement,) = seed(city, dialogue, "Statement")
    with pytest.raises(DomainError):
        response_publish(
            actor=city.people["official"],
            dialogue=dialogue,
            statement=statement,
            outcome="study",
            rationale="We look into it",
        )
