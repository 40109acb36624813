"""The relay: the outbox's safety net, run by Celery beat every few seconds.

On commit each event is handed to Celery at once; if that failed (broker down) or its
worker died, the event is still ``pending`` in the database and the relay hands it over
again. The same goes for email batches that were never taken or whose lease expired.
Every hand-over is harmless to repeat.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from civic.notifications.models import DeliveryBatch, Event, JobRun
from civic.notifications.services.events import event_dispatch
from civic.notifications.services.failures import due
from civic.notifications.services.fanout import batches_dispatch, held_release

# An event handed over this long ago and still pending: its task was lost.
REDISPATCH_AFTER = timedelta(minutes=2)
# Give the on-commit hand-over a moment before the relay steps in.
GRACE = timedelta(seconds=5)


def handed_over_long_ago(now: datetime) -> Q:
    """Never handed over, handed over so long ago that its task must be lost, or not
    handed over again since a failure set its next try."""
    return (
        Q(dispatched_at__isnull=True)
        | Q(dispatched_at__lt=now - REDISPATCH_AFTER)
        | Q(retry_at__isnull=False, dispatched_at__lt=F("retry_at"))
    )


def relay_run(*, now: datetime | None = None, limit: int = 1000) -> dict[str, Any]:
    now = now or timezone.now()
    JobRun.objects.update_or_create(name="relay", defaults={"last_started_at": now})
    events = list(
        Event.objects.filter(state=Event.State.PENDING, created_at__lt=now - GRACE)
        .filter(due(now))  # one that failed waits out its backoff; failed ones never come
        .filter(handed_over_long_ago(now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    handed = 0
    for event_id in events:
        if not event_dispatch(event_id=event_id):
            break  # the broker is still down; try again next run
        handed += 1
    batches = list(
        DeliveryBatch.objects.filter(state=DeliveryBatch.State.PENDING, created_at__lt=now - GRACE)
        .filter(due(now))
        .filter(handed_over_long_ago(now))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    batches_handed = batches_dispatch(batch_ids=batches) if batches else 0
    released = held_release(now=now)
    result = {
        "events": handed,
        "events_waiting": len(events) - handed,
        "batches": batches_handed,
        "released": released,
    }
    JobRun.objects.filter(name="relay").update(
        last_finished_at=timezone.now(), last_result=result, last_error="", runs=F("runs") + 1
    )
    return result
