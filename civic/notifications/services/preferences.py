"""Preferences per person and event kind, global mute and quiet hours."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civic.accounts.models import User
from civic.errors import DomainError
from civic.notifications.kinds import Channel, kind_get, kinds
from civic.notifications.models import NotificationPreference, NotificationSettings


def city_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def quiet_until(*, start: time | None, end: time | None, now: datetime) -> datetime | None:
    """If ``now`` falls in the quiet hours [start, end) (city time), when they end."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(city_zone())
    clock = local.time()
    inside = start <= clock < end if start < end else (clock >= start or clock < end)
    if not inside:
        return None
    end_day = local.date() if clock < end else local.date() + timedelta(days=1)
    return datetime.combine(end_day, end, tzinfo=city_zone())


def channels_for(*, user: User) -> dict[str, str]:
    """The channel in force for every registered kind (the person's choice or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {k.kind: chosen.get(k.kind, k.default_channel) for k in kinds()}


def settings_for(*, user: User) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def preferences_update(
    *,
    user: User,
    channels: Mapping[str, str] | None = None,
    muted: bool | None = None,
    quiet_start: time | None = None,
    quiet_end: time | None = None,
    quiet_hours: bool = False,
) -> None:
    """Save a person's channels per kind and global switches.

    ``quiet_hours`` True means ``quiet_start``/``quiet_end`` are given (both or neither).
    """
    if quiet_hours and (quiet_start is None) != (quiet_end is None):
        raise DomainError(
            "Give both ends of the quiet hours, or neither.", field="quiet_end", code="quiet"
        )
    with transaction.atomic():
        for kind, channel in (channels or {}).items():
            try:
                kind_get(kind)
                Channel(channel)
            except (LookupError, ValueError):
                raise DomainError(
                    f"Unknown notification kind or channel: {kind}={channel}.",
                    field="channels",
                    code="invalid_channel",
                ) from None
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": channel}
            )
        if muted is not None or quiet_hours:
            current = settings_for(user=user)
            if muted is not None:
                current.muted = muted
            if quiet_hours:
                current.quiet_start, current.quiet_end = quiet_start, quiet_end
            current.save()


def unsubscribe_kind(*, user: User, kind: str) -> None:
    """Stop email about one kind (notifications stay on the site)."""
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": Channel.IN_APP}
    )


def mute_all(*, user: User) -> None:
    current = settings_for(user=user)
    current.muted = True
    current.save()


def now() -> datetime:
    return timezone.now()
