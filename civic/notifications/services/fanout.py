"""Fan an event out: one notification per person who hears about it, and email batches.

Everything here is idempotent. The event row is locked while it is fanned out and marked
done in the same transaction as the notifications it produced, so a retried or duplicated
task finds it done; the (event, user) unique constraint is the last line of defence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection as db
from django.db import transaction
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q
from django.utils import timezone

from civic.accounts.models import User
from civic.notifications.kinds import Channel, kind_default_channel
from civic.notifications.models import (
    AreaSubscription,
    DeliveryBatch,
    EmailState,
    Event,
    Follow,
    Notification,
)
from civic.notifications.services.events import HAND_OVER
from civic.notifications.services.preferences import quiet_until
from civic.places.models import Area

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return int(getattr(settings, "NOTIFICATIONS_BATCH_SIZE", 2000))


def area_ids_with_ancestors(area_ids: list[int]) -> set[int]:
    """The areas themselves and every area above them (subscribing to a district means
    hearing about what happens in its neighbourhoods)."""
    found: set[int] = set()
    for path in Area.objects.filter(pk__in=area_ids).values_list("path", flat=True):
        found.update(int(part) for part in path.split("/") if part)
    return found


def chunk_size() -> int:
    """Recipients per fan-out transaction: a whole number of email batches, so that each
    committed chunk hands complete batches to the workers at once."""
    per_batch = batch_size()
    wanted = int(getattr(settings, "NOTIFICATIONS_FANOUT_CHUNK", 5000))
    return per_batch * max(1, wanted // per_batch)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email_ok: bool
    channel: str | None  # the person's choice for this kind; None: the kind's default
    muted: bool
    quiet_start: time | None
    quiet_end: time | None


def recipients(event: Event, *, after: int = 0, limit: int | None = None) -> list[Recipient]:
    """Everyone who hears about ``event``, once each, by user id: followers of its subject,
    subscribers of its areas (and the areas above), its explicit recipients; not the actor.
    Only ids above ``after``, at most ``limit`` of them, in id order (the fan-out walks
    the audience a chunk at a time). Each comes with their preference for the event's kind
    and their global switches, joined in the same statement."""
    reasons = Q(
        Exists(
            Follow.objects.filter(
                user_id=OuterRef("pk"),
                subject_type=event.subject_type,
                subject_id=event.subject_id,
                active=True,
            )
        )
    )
    areas = area_ids_with_ancestors(list(event.area_ids))
    if areas:
        reasons |= Q(
            Exists(AreaSubscription.objects.filter(user_id=OuterRef("pk"), area_id__in=areas))
        )
    if event.recipient_ids:
        reasons |= Q(pk__in=list(event.recipient_ids))
    people = (
        User.objects.filter(is_active=True, pk__gt=after)
        .filter(reasons)
        .annotate(
            email_ok=Exists(
                EmailAddress.objects.filter(
                    user_id=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
                )
            ),
            # At most one row: a preference is unique per (kind, user).
            preference=FilteredRelation(
                "notification_preferences",
                condition=Q(notification_preferences__kind=event.kind),
            ),
        )
        .order_by("pk")
    )
    if event.actor_id is not None:
        people = people.exclude(pk=event.actor_id)
    rows = people.values_list(
        "pk",
        "email_ok",
        "preference__channel",
        "notification_settings__muted",
        "notification_settings__quiet_start",
        "notification_settings__quiet_end",
    )
    if limit is not None:
        rows = rows[:limit]
    return [
        Recipient(
            user_id=user_id,
            email_ok=bool(email_ok),
            channel=channel,
            muted=bool(muted),
            quiet_start=quiet_start,
            quiet_end=quiet_end,
        )
        for user_id, email_ok, channel, muted, quiet_start, quiet_end in rows
    ]


def _decide(
    *,
    channel: str,
    email_ok: bool,
    muted: bool,
    quiet: tuple[time | None, time | None] | None,
    now: datetime,
) -> tuple[str, datetime | None] | None:
    """(email_state, not_before) for one person, or None for no notification at all."""
    if channel == Channel.OFF:
        return None
    if muted or not email_ok or channel == Channel.IN_APP:
        return EmailState.NONE, None
    if channel == Channel.DAILY:
        return EmailState.DAILY, None
    if channel == Channel.WEEKLY:
        return EmailState.WEEKLY, None
    held = quiet_until(start=quiet[0], end=quiet[1], now=now) if quiet else None
    return EmailState.PENDING, held


def _notifications_insert(
    *, event_id: int, rows: list[tuple[int, str, str, datetime | None, int | None]], now: datetime
) -> int:
    """Insert one event's notifications in one statement (arrays, not one row object per
    person: fan-out to 100,000 people is bound by this). The unique (event, user)
    constraint drops anyone already notified. Returns the number of rows inserted."""
    if not rows:
        return 0
    if db.vendor != "postgresql":  # the SQLite demo: a few people, objects will do
        objects = [
            Notification(
                event_id=event_id,
                user_id=user_id,
                channel=channel,
                email_state=state,
                not_before=not_before,
                batch_id=batch_id,
            )
            for user_id, channel, state, not_before, batch_id in rows
        ]
        return len(Notification.objects.bulk_create(objects, ignore_conflicts=True))
    users, channels, states, not_befores, batches = (
        list(column) for column in zip(*rows, strict=True)
    )
    table = Notification._meta.db_table
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (event_id, user_id, channel, email_state, not_before, "  # noqa: S608  # table name from the model, values bound  # nosec B608
            "batch_id, created_at) SELECT %s, u, c, s, n, b, %s FROM unnest("
            "%s::bigint[], %s::varchar[], %s::varchar[], %s::timestamptz[], %s::bigint[]) "
            "AS t(u, c, s, n, b) ON CONFLICT (event_id, user_id) DO NOTHING",
            [event_id, now, users, channels, states, not_befores, batches],
        )
        return int(cursor.rowcount)


def event_fanout(*, event_id: int) -> int:
    """Create the event's notifications and plan its email batches; returns how many
    notifications this call created (0 if the event was already fanned out).

    The audience is walked a chunk at a time, each chunk in its own transaction that
    also moves the event's cursor, and each chunk's batches go to the workers as soon as
    it commits: the first emails leave while the rest of a large audience is still being
    fanned out. A worker that dies mid-way leaves the cursor at the last committed chunk;
    the retry (or a duplicate task, which waits on the event's row lock) goes on from
    there, so nobody is skipped or notified twice."""
    created = 0
    while True:
        chunk_created, finished = _fanout_chunk(event_id=event_id)
        created += chunk_created
        if finished:
            break
    logger.info("event %s fanned out: %s notifications", event_id, created)
    return created


def _fanout_chunk(*, event_id: int) -> tuple[int, bool]:
    """Fan out the next chunk of the event's audience. Returns (notifications created,
    whether the event is now done)."""
    now = timezone.now()
    limit = chunk_size()
    batch_ids: list[int] = []
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.state != Event.State.PENDING:
            return 0, True
        default = kind_default_channel(event.kind)
        # Batch keys go on from those of earlier chunks and runs.
        planned_before = DeliveryBatch.objects.filter(event=event).count()
        chunk = recipients(event, after=event.fanout_after, limit=limit)
        batch: DeliveryBatch | None = None
        in_batch = 0
        rows: list[tuple[int, str, str, datetime | None, int | None]] = []
        for person in chunk:
            channel = person.channel or default
            decision = _decide(
                channel=channel,
                email_ok=person.email_ok,
                muted=person.muted,
                quiet=(person.quiet_start, person.quiet_end),
                now=now,
            )
            if decision is None:
                continue
            state, not_before = decision
            batch_id: int | None = None
            if state == EmailState.PENDING and not_before is None:
                if batch is None or in_batch >= batch_size():
                    batch = DeliveryBatch.objects.create(
                        key=f"event:{event.pk}:{planned_before + len(batch_ids)}",
                        kind=DeliveryBatch.Kind.EVENT,
                        event=event,
                    )
                    batch_ids.append(batch.pk)
                    in_batch = 0
                batch_id = batch.pk
                in_batch += 1
            rows.append((person.user_id, channel, state, not_before, batch_id))
        created = _notifications_insert(event_id=event.pk, rows=rows, now=now)
        finished = len(chunk) < limit
        progress: dict[str, Any] = {"recipients": F("recipients") + created}
        if chunk:
            progress["fanout_after"] = chunk[-1].user_id
        if finished:
            progress |= {
                "state": Event.State.DONE,
                "processed_at": timezone.now(),
                "last_error": "",
            }
        Event.objects.filter(pk=event.pk).update(**progress)
        if batch_ids:
            transaction.on_commit(lambda: batches_dispatch(batch_ids=batch_ids))
    return created, finished


def event_fanout_attempt(*, event_id: int) -> int:
    """Fan out as one counted attempt: a failure is recorded with its error and retried
    after a backoff by the relay; an event that keeps failing is set aside as failed
    (shown to operators, re-queued by ``replay_events --failed``) and blocks nobody."""
    from civic.notifications.services.failures import (
        describe,
        due,
        event_failure_record,
        max_attempts,
    )

    claimed = (
        Event.objects.filter(pk=event_id, state=Event.State.PENDING)
        .filter(due(timezone.now()))
        .update(attempts=F("attempts") + 1)
    )
    if not claimed:
        return 0  # done, set aside, or backing off (a stray duplicate task)
    attempts = Event.objects.values_list("attempts", flat=True).get(pk=event_id)
    if attempts > max_attempts():
        # Earlier attempts died with their worker (killed, time limit): give up.
        event_failure_record(
            event_id=event_id,
            attempts=attempts,
            error=Event.objects.values_list("last_error", flat=True).get(pk=event_id)
            or f"no attempt finished in {attempts - 1}",
        )
        return 0
    try:
        return event_fanout(event_id=event_id)
    except Exception as error:
        gave_up = event_failure_record(event_id=event_id, attempts=attempts, error=describe(error))
        logger.exception(
            "event %s: fan-out attempt %s failed%s",
            event_id,
            attempts,
            " (set aside as failed)" if gave_up else "",
        )
        return 0


def batches_dispatch(*, batch_ids: list[int]) -> int:
    """Hand batches to Celery; a broker outage leaves them for the relay."""
    from civic.notifications.tasks import email_batch_task

    sent = 0
    for batch_id in batch_ids:
        try:
            email_batch_task.apply_async(args=(batch_id,), retry=True, retry_policy=HAND_OVER)
        except Exception as error:
            logger.warning("batch %s not handed over (%r); the relay will retry", batch_id, error)
            break
        sent += 1
    if sent:
        DeliveryBatch.objects.filter(pk__in=batch_ids[:sent]).update(dispatched_at=timezone.now())
    return sent


def held_release(*, now: datetime | None = None, limit: int = 50_000) -> int:
    """Give batches to immediate emails whose quiet hours are over. Safe to run twice:
    a notification gets a batch only while it has none (and under a row lock)."""
    now = now or timezone.now()
    planned: list[int] = []
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_state=EmailState.PENDING, batch__isnull=True, not_before__lte=now)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        for start in range(0, len(due), batch_size()):
            ids = due[start : start + batch_size()]
            batch = DeliveryBatch.objects.create(
                key=f"release:{ids[0]}:{ids[-1]}:{now.timestamp():.0f}",
                kind=DeliveryBatch.Kind.EVENT,
            )
            Notification.objects.filter(pk__in=ids, batch__isnull=True).update(
                batch=batch, not_before=None
            )
            planned.append(batch.pk)
        transaction.on_commit(lambda: batches_dispatch(batch_ids=planned))
    return sum(1 for _ in due)
