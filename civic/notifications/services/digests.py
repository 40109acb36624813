"""Daily and weekly digests: one email per person listing what they chose to batch up.

Planning is keyed by period (``digest:daily:2026-11-23:0``), so running the schedule twice
plans once; sending marks each person's notifications as the digest is accepted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from civic.notifications.kinds import kind_label
from civic.notifications.models import DeliveryBatch, EmailState, Notification
from civic.notifications.services.delivery import (
    UNSUB_MARK,
    Outgoing,
    Rendered,
    Sender,
    absolute,
    message_id,
    unsubscribe_url,
)
from civic.notifications.services.fanout import batch_size, batches_dispatch
from civic.notifications.services.preferences import city_zone

FREQUENCIES = {"daily": EmailState.DAILY, "weekly": EmailState.WEEKLY}


def period_key(frequency: str, now: datetime) -> str:
    local = now.astimezone(city_zone())
    if frequency == "weekly":
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def digests_plan(*, frequency: str, now: datetime | None = None) -> list[int]:
    """Plan this period's digest batches (by ranges of user ids) and hand them over."""
    state = FREQUENCIES[frequency]
    now = now or timezone.now()
    period = period_key(frequency, now)
    users = list(
        Notification.objects.filter(email_state=state, created_at__lt=now)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    per_batch = max(1, batch_size() // 2)
    planned: list[int] = []
    for number, start in enumerate(range(0, len(users), per_batch)):
        chunk = users[start : start + per_batch]
        try:
            with transaction.atomic():
                batch = DeliveryBatch.objects.create(
                    key=f"digest:{frequency}:{period}:{number}",
                    kind=DeliveryBatch.Kind.DIGEST,
                    frequency=frequency,
                    first_id=chunk[0],
                    last_id=chunk[-1],
                    cutoff=now,
                )
        except IntegrityError:
            continue  # planned by an earlier run of this period
        planned.append(batch.pk)
    transaction.on_commit(lambda: batches_dispatch(batch_ids=planned))
    return planned


def render_digest(
    *, frequency: str, items: list[dict[str, Any]], language: str, name: str
) -> Rendered:
    with translation.override(language):
        context = {
            "frequency": frequency,
            "items": [
                {**item, "kind_label": kind_label(item["kind"]), "url": absolute(item["url"])}
                for item in items
            ],
            "name": name,
            "unsubscribe_url": UNSUB_MARK,
            "preferences_url": absolute(reverse("notification-preferences")),
            "site_name": getattr(settings, "SITE_NAME", "Civic Square"),
            "language": language,
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context)
        return Rendered(
            subject=" ".join(subject.split()),
            text=render_to_string("notifications/email/digest.txt", context),
            html=render_to_string("notifications/email/digest.html", context),
        )


def digest_batch_send(*, batch: DeliveryBatch, sender: Sender) -> None:
    state = FREQUENCIES[batch.frequency]
    rows = (
        Notification.objects.filter(
            email_state=state,
            user_id__gte=batch.first_id,
            user_id__lte=batch.last_id,
            created_at__lt=batch.cutoff,
        )
        .order_by("user_id", "id")
        .values(
            "pk",
            "user_id",
            "user__email",
            "user__display_name",
            "user__preferred_language",
            "event__kind",
            "event__title",
            "event__url",
            "event__created_at",
        )
    )
    per_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        per_user[row["user_id"]].append(dict(row))
    for user_id, items in per_user.items():
        first = items[0]
        rendered = render_digest(
            frequency=batch.frequency,
            items=[
                {
                    "kind": item["event__kind"],
                    "title": item["event__title"],
                    "url": item["event__url"],
                    "created_at": item["event__created_at"],
                }
                for item in items
            ],
            language=first["user__preferred_language"] or settings.LANGUAGE_CODE,
            name=first["user__display_name"],
        )
        out = Outgoing(
            to=first["user__email"],
            unsubscribe_url=unsubscribe_url(user_id=user_id, kind=f"digest:{batch.frequency}"),
            message_id=message_id(f"d{batch.pk}", user_id),
            mark=[item["pk"] for item in items],
        )
        sender.send_all(rendered, [out], state)
