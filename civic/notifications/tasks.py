"""Celery tasks: thin wrappers that take ids and call a service."""

from __future__ import annotations

import smtplib

from celery import shared_task

from civic.notifications.services.email import email_pending_ids, email_send


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


@shared_task(acks_late=True, time_limit=120)
def email_deliver_pending() -> int:
    """Safety net run by beat: re-enqueue messages whose task never ran."""
    ids = email_pending_ids()
    for message_id in ids:
        email_deliver.delay(message_id)
    return len(ids)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def event_fanout_task(event_id: int) -> int:
    """Resolve an event's recipients and create their notifications (idempotent)."""
    from civic.notifications.services.fanout import event_fanout

    return event_fanout(event_id=event_id)
