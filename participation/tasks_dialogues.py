"""Tasks of open dialogues (thin: each takes ids and calls a service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def opinion_map_refresh_task(dialogue_id: int) -> int | None:
    """Recompute the dialogue's opinion map; returns the new snapshot's id."""
    from participation.services.opinion_snapshots import snapshot_compute

    snapshot = snapshot_compute(dialogue_id=dialogue_id)
    return snapshot.pk if snapshot is not None else None
