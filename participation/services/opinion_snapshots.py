"""The opinion map of a dialogue: a debounced refresh writes immutable snapshots.

Debounce: the first vote of a burst marks the dialogue (``map_refresh_queued_at``) and
queues one task after the commit, ``DIALOGUE_MAP_DEBOUNCE_SECONDS`` later (30 s by
default); further votes see the mark and queue nothing. The task clears the mark before it
reads the votes, so a vote that arrives during a refresh queues the next one. A mark older
than ``STALE_AFTER`` (a lost task) is ignored.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participation.models import (
    ContentStatus,
    Dialogue,
    OpinionMapSnapshot,
    Statement,
    StatementVote,
)
from participation.opinion_map import GroupCountHistory, PreviousMap, compute_opinion_map

STALE_AFTER = timedelta(minutes=10)


def debounce_seconds() -> int:
    return int(getattr(settings, "DIALOGUE_MAP_DEBOUNCE_SECONDS", 30))


def map_refresh_request(*, dialogue: Dialogue) -> bool:
    """Ask for a refresh after this transaction commits; True if this call queued it."""
    now = timezone.now()
    marked = Dialogue.objects.filter(
        Q(map_refresh_queued_at__isnull=True) | Q(map_refresh_queued_at__lt=now - STALE_AFTER),
        pk=dialogue.pk,
    ).update(map_refresh_queued_at=now)
    if not marked:
        return False
    from participation.tasks_dialogues import opinion_map_refresh_task

    dialogue_id = dialogue.pk
    transaction.on_commit(
        lambda: opinion_map_refresh_task.apply_async(
            args=(dialogue_id,), countdown=debounce_seconds()
        )
    )
    return True


def previous_from(data: dict[str, Any]) -> PreviousMap:
    """The previous snapshot's labels and k history, read back from its JSON."""
    participants = data.get("participants", {})
    labels = {
        pid: label
        for pid, label in zip(
            participants.get("ids", []), participants.get("group", []), strict=False
        )
        if label is not None
    }
    clustering = data.get("clustering", {})
    history = None
    if clustering.get("k"):
        history = GroupCountHistory(
            k=int(clustering["k"]),
            candidate=clustering.get("k_candidate"),
            streak=int(clustering.get("k_candidate_streak") or 0),
        )
    return PreviousMap(labels=labels, group_count=history)


def snapshot_compute(*, dialogue_id: int) -> OpinionMapSnapshot | None:
    """One refresh: read the votes, run the engine, store the snapshot. Idempotent: a
    retry stores another snapshot of the same votes, which is harmless."""
    Dialogue.objects.filter(pk=dialogue_id).update(map_refresh_queued_at=None)
    dialogue = Dialogue.objects.filter(pk=dialogue_id).first()
    if dialogue is None:
        return None
    rows = list(
        StatementVote.objects.filter(statement__dialogue_id=dialogue_id)
        .order_by("updated_at", "id")
        .values_list("participant_id", "statement_id", "value", "channel")
    )
    if not rows:
        return None
    statements = Statement.objects.filter(dialogue_id=dialogue_id)
    moderated = list(
        statements.exclude(status=ContentStatus.PUBLISHED).values_list("id", flat=True)
    )
    meta = list(statements.filter(is_meta=True).values_list("id", flat=True))
    latest = OpinionMapSnapshot.objects.filter(dialogue_id=dialogue_id).order_by("-id").first()
    from participation.services.opinion_weighting import weighting_inputs

    weighting = weighting_inputs(dialogue)
    attributes, margins, weighting_summary = weighting or (None, None, None)
    started = time.perf_counter()
    snapshot = compute_opinion_map(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        channels=["room" if r[3] == "meeting" else "online" for r in rows],
        moderated_statement_ids=moderated,
        meta_statement_ids=meta,
        previous=previous_from(latest.data) if latest is not None else None,
        attributes=attributes,
        margins=margins,
    )
    seconds = time.perf_counter() - started
    data = snapshot.to_dict()
    # Which census margins the weighted figures are raked to (None: unweighted only).
    data["weighting"] = weighting_summary
    # Per-person weights would tell a pseudonym's area and age band: keep only the figures.
    data["participants"]["weight"] = None
    return OpinionMapSnapshot.objects.create(
        dialogue_id=dialogue_id,
        data=data,
        n_participants=snapshot.n_participants,
        n_statements=snapshot.n_statements,
        n_votes=snapshot.n_votes,
        seconds=round(seconds, 4),
    )
