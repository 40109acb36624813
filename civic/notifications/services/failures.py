"""Poison events and batches: retried with backoff a bounded number of times, then set
aside as failed (with their error) so they block nobody, until an operator re-queues them.

Attempts are counted when work starts, in their own commit, so that even a worker that
dies on the work (killed, out of memory, hard time limit) uses one up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from civic.notifications.models import DeliveryBatch, Event


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 6))


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s, 1 min, 2 min... up to 1 h."""
    base = float(getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 30))
    cap = float(getattr(settings, "NOTIFICATIONS_RETRY_MAX_SECONDS", 3600))
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def due(now: datetime) -> Q:
    """Not backing off after a failure."""
    return Q(retry_at__isnull=True) | Q(retry_at__lte=now)


def event_failure_record(*, event_id: int, attempts: int, error: str) -> bool:
    """Record a failed fan-out; set the event aside once it has used its attempts.
    Returns True if it gave up (the event is now failed)."""
    now = timezone.now()
    gave_up = attempts >= max_attempts()
    Event.objects.filter(pk=event_id, state=Event.State.PENDING).update(
        state=Event.State.FAILED if gave_up else Event.State.PENDING,
        last_error=error,
        retry_at=None if gave_up else now + backoff(attempts),
        dispatched_at=None,  # the relay hands it over again at retry_at
    )
    return gave_up


def batch_failure_record(
    *, batch_id: int, attempts: int, error: str, retried_by_task: bool = False
) -> bool:
    """Record a failed batch; set it aside once it has used its attempts. With
    ``retried_by_task`` the task itself retries after the backoff, so the relay waits
    for that too. Returns True if it gave up (the batch is now failed)."""
    now = timezone.now()
    gave_up = attempts >= max_attempts()
    retry_at = None if gave_up else now + backoff(attempts)
    DeliveryBatch.objects.filter(pk=batch_id, state=DeliveryBatch.State.PENDING).update(
        state=DeliveryBatch.State.FAILED if gave_up else DeliveryBatch.State.PENDING,
        lease_until=None,
        last_error=error,
        retry_at=retry_at,
        # The task's own retry counts as handed over at retry_at (the relay then waits
        # its usual while longer); otherwise the relay hands it over at retry_at.
        dispatched_at=retry_at if retried_by_task else None,
        finished_at=now if gave_up else None,
    )
    return gave_up


def failed_requeue(
    *, event_ids: list[int] | None = None, batch_ids: list[int] | None = None
) -> tuple[list[int], list[int]]:
    """Give failed events and batches a fresh set of attempts (all of them, or only the
    given ids; a batch of a given event counts as given). Returns the ids re-queued."""
    events = Event.objects.filter(state=Event.State.FAILED)
    batches = DeliveryBatch.objects.filter(state=DeliveryBatch.State.FAILED)
    if event_ids is not None or batch_ids is not None:
        events = events.filter(pk__in=event_ids or [])
        batches = batches.filter(Q(pk__in=batch_ids or []) | Q(event_id__in=event_ids or []))
    requeued_events = list(events.values_list("pk", flat=True))
    requeued_batches = list(batches.values_list("pk", flat=True))
    Event.objects.filter(pk__in=requeued_events).update(
        state=Event.State.PENDING, attempts=0, retry_at=None, dispatched_at=None
    )
    DeliveryBatch.objects.filter(pk__in=requeued_batches).update(
        state=DeliveryBatch.State.PENDING,
        attempts=0,
        retry_at=None,
        dispatched_at=None,
        lease_until=None,
        finished_at=None,
    )
    return requeued_events, requeued_batches
