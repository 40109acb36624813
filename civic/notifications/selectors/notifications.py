"""Reads shared by the feed page and the API: constant queries, indexed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from civic.accounts.models import User
from civic.notifications.models import DeliveryBatch, Event, JobRun, Notification


def notification_feed(*, user: User) -> QuerySet[Notification]:
    """Newest first, with the event joined in (one query per page)."""
    return (
        Notification.objects.filter(user=user)
        .select_related("event")
        .only(
            "id",
            "channel",
            "created_at",
            "read_at",
            "event__id",
            "event__kind",
            "event__title",
            "event__url",
            "event__subject_type",
            "event__subject_id",
            "event__created_at",
        )
        .order_by("-id")
    )


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def operations_overview() -> dict[str, Any]:
    """What an operator needs: backlog, failures, the relay's heartbeat, the broker queue."""
    now = timezone.now()
    events = Event.objects.aggregate(
        pending=Count("id", filter=Q(state=Event.State.PENDING)),
        failed=Count("id", filter=Q(state=Event.State.FAILED)),
        oldest_pending=Max("id", filter=Q(state=Event.State.PENDING)),
    )
    oldest = (
        Event.objects.filter(state=Event.State.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    batches = DeliveryBatch.objects.exclude(state=DeliveryBatch.State.DONE).aggregate(
        pending=Count("id", filter=Q(state=DeliveryBatch.State.PENDING)),
        failed=Count("id", filter=Q(state=DeliveryBatch.State.FAILED)),
        retrying=Count("id", filter=~Q(last_error="")),
    )
    emails = Notification.objects.aggregate(
        waiting=Count("id", filter=Q(email_state="pending")),
        failed=Count("id", filter=Q(email_state="failed")),
        in_digests=Count("id", filter=Q(email_state__in=["daily", "weekly"])),
    )
    return {
        "now": now,
        "events": {**events, "oldest_pending_at": oldest},
        "batches": batches,
        "emails": emails,
        "failed_events": list(
            Event.objects.filter(state=Event.State.FAILED)
            .order_by("-created_at")
            .values("pk", "kind", "title", "attempts", "last_error", "created_at")[:20]
        ),
        "failed_batches": list(
            DeliveryBatch.objects.filter(state=DeliveryBatch.State.FAILED)
            .order_by("-created_at")
            .values("key", "attempts", "sent", "last_error", "finished_at")[:20]
        ),
        "recent_errors": list(
            DeliveryBatch.objects.exclude(last_error="")
            .order_by("-created_at")
            .values("key", "attempts", "last_error")[:10]
        ),
        "jobs": list(JobRun.objects.order_by("name")),
        "queue_depth": broker_queue_depth(),
    }


def broker_queue_depth() -> int | None:
    """Messages waiting in the default Celery queue on Redis (None when unknown)."""
    from civic.celery import app

    if app.conf.task_always_eager or not str(app.conf.broker_url).startswith("redis"):
        return None
    try:
        with app.connection_for_read() as connection:
            client = connection.default_channel.client  # type: ignore[attr-defined]
            return int(client.llen(app.conf.task_default_queue or "celery"))
    except Exception:
        return None
