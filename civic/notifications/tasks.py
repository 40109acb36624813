"""Celery tasks: thin wrappers that take ids and call a service. All idempotent."""

from __future__ import annotations

import smtplib
from typing import Any

from celery import shared_task
from celery.app.task import Task
from django.db import OperationalError

from civic.notifications.services.email import email_pending_ids, email_send

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError, OperationalError)


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    time_limit=60,
    soft_time_limit=50,
)
def email_deliver(message_id: int) -> bool:
    return email_send(message_id=message_id)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def email_deliver_pending() -> int:
    """Safety net run by beat: re-enqueue messages whose task never ran."""
    ids = email_pending_ids()
    for message_id in ids:
        email_deliver.delay(message_id)
    return len(ids)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def event_fanout_task(event_id: int) -> int:
    """Resolve an event's recipients and create their notifications (idempotent). A
    failure is recorded and retried with backoff by the relay, a bounded number of times."""
    from civic.notifications.services.fanout import event_fanout_attempt

    return event_fanout_attempt(event_id=event_id)


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=12,
    time_limit=600,
    soft_time_limit=540,
)
def email_batch_task(self: Task[Any, Any], batch_id: int) -> int:
    """Send one batch over one SMTP connection. SMTP trouble: retried by this task with
    backoff; anything else: by the relay after the backoff; a batch that keeps failing
    is set aside as failed (see services/failures.py)."""
    from civic.notifications.services.delivery import BatchBusy, BatchFailed, batch_send

    try:
        return batch_send(batch_id=batch_id, transient=TRANSIENT)
    except BatchBusy as busy:
        # Another worker holds the lease (or died holding it): look again when it ends.
        raise self.retry(countdown=busy.retry_in + 1, max_retries=None) from None
    except BatchFailed as failed:
        if failed.retry_in is None:
            return 0  # set aside (gave up), or left for the relay
        raise self.retry(countdown=failed.retry_in, max_retries=None) from None


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def notifications_relay_task() -> dict[str, Any]:
    from civic.notifications.services.relay import relay_run

    return relay_run()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def scheduled_jobs_task() -> dict[str, str]:
    from civic.notifications.schedules import scheduled_jobs_run

    return scheduled_jobs_run()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def digests_plan_task(frequency: str) -> int:
    from civic.notifications.services.digests import digests_plan

    return len(digests_plan(frequency=frequency))
