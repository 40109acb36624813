"""Scheduled work of the participation app (thin: each task calls a service)."""

from __future__ import annotations

from celery import shared_task

from participation.services.consultations import consultations_advance


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def consultations_advance_task() -> dict[str, int]:
    """Open and close consultations on schedule; safe to run twice (and by hand)."""
    opened, closed = consultations_advance()
    return {"opened": opened, "closed": closed}


# Dialogue tasks live in their own module; importing them here lets Celery find them.
from participation.tasks_dialogues import opinion_map_refresh_task  # noqa: E402

__all__ = ["consultations_advance_task", "opinion_map_refresh_task"]
