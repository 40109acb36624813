"""The event contract: record domain events in the caller's transaction; follows.

Features call :func:`event_record` inside their own ``transaction.atomic`` so that the
event exists if and only if their change commits. After the commit, the event is handed to
Celery at once; if the broker is down, the relay (Celery beat) hands it over later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from civic.accounts.models import User
from civic.notifications.kinds import kind_get
from civic.notifications.models import AreaSubscription, Event, Follow
from civic.places.models import Area, Organisation

logger = logging.getLogger(__name__)

# One quick reconnect (a pooled connection may be stale), then give up: never hang the
# request that committed the change; the relay hands the event over later.
HAND_OVER = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def event_record(
    *,
    kind: str,
    organisation: Organisation | None,
    subject_type: str,
    subject_id: int,
    title: str,
    url: str,
    actor: User | None = None,
    area_ids: Iterable[int] = (),
    recipient_ids: Iterable[int] = (),
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Event:
    """Record an event in the current transaction; deliver it after the commit.

    Who hears: active followers of (subject_type, subject_id), subscribers of any area in
    ``area_ids`` or above it, and ``recipient_ids``; never the actor. With ``dedupe_key``
    the event is recorded once however often the caller runs (scheduled jobs): a second
    call returns the first event.
    """
    kind_get(kind)  # unknown kinds are a programming error
    if dedupe_key is not None:
        existing = Event.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    fields: dict[str, Any] = {
        "kind": kind,
        "organisation": organisation,
        "subject_type": subject_type,
        "subject_id": int(subject_id),
        "title": str(title)[:300],
        "url": str(url)[:500],
        "actor": actor,
        "area_ids": sorted({int(a) for a in area_ids}),
        "recipient_ids": sorted({int(r) for r in recipient_ids}),
        "payload": payload or {},
        "dedupe_key": dedupe_key,
    }
    if dedupe_key is None:
        event = Event.objects.create(**fields)
    else:
        # Two runs of a scheduled job racing: the loser returns the winner's event.
        try:
            with transaction.atomic():
                event = Event.objects.create(**fields)
        except IntegrityError:
            return Event.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(lambda: event_dispatch(event_id=event.pk))
    return event


def event_dispatch(*, event_id: int) -> bool:
    """Hand one committed event to Celery. A broker outage is logged, not raised: the
    event stays pending and the relay hands it over when the broker is back."""
    from civic.notifications.tasks import event_fanout_task

    try:
        event_fanout_task.apply_async(args=(event_id,), retry=True, retry_policy=HAND_OVER)
    except Exception as error:  # the broker is down: the relay retries, the change stands
        logger.warning(
            "event %s not handed to the broker (%r); the relay will retry", event_id, error
        )
        return False
    Event.objects.filter(pk=event_id).update(dispatched_at=timezone.now())
    return True


def follow_add(*, user: User, subject_type: str, subject_id: int, reason: str = "explicit") -> None:
    """Follow a subject. Automatic follows (reason other than explicit) do not undo an
    explicit unfollow; an explicit follow always (re)activates."""
    follow, created = Follow.objects.get_or_create(
        user=user,
        subject_type=subject_type,
        subject_id=int(subject_id),
        defaults={"reason": reason},
    )
    if created:
        return
    if reason == Follow.Reason.EXPLICIT and (not follow.active or follow.reason != reason):
        Follow.objects.filter(pk=follow.pk).update(active=True, reason=reason)


def follow_remove(*, user: User, subject_type: str, subject_id: int) -> None:
    """Stop following; remembered, so automatic follows do not come back."""
    Follow.objects.update_or_create(
        user=user,
        subject_type=subject_type,
        subject_id=int(subject_id),
        defaults={"active": False, "reason": Follow.Reason.EXPLICIT},
    )


def is_following(*, user: User, subject_type: str, subject_id: int) -> bool:
    return Follow.objects.filter(
        user=user, subject_type=subject_type, subject_id=int(subject_id), active=True
    ).exists()


def area_subscribe(*, user: User, area: Area) -> None:
    """Hear about everything new in ``area`` and the areas inside it."""
    AreaSubscription.objects.get_or_create(user=user, area=area)


def area_unsubscribe(*, user: User, area: Area) -> None:
    AreaSubscription.objects.filter(user=user, area=area).delete()


def area_subscriptions_set(*, user: User, areas: Iterable[Area]) -> None:
    """Replace a person's area subscriptions with ``areas``."""
    wanted = {area.pk for area in areas}
    with transaction.atomic():
        AreaSubscription.objects.filter(user=user).exclude(area_id__in=wanted).delete()
        have = set(AreaSubscription.objects.filter(user=user).values_list("area_id", flat=True))
        AreaSubscription.objects.bulk_create(
            [AreaSubscription(user=user, area_id=pk) for pk in sorted(wanted - have)],
            ignore_conflicts=True,
        )
