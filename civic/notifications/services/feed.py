"""Writes on the in-app feed, devices for push."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from civic.accounts.models import User
from civic.errors import DomainError
from civic.notifications.models import Device, Notification


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is None:
        raise DomainError("No such notification.", code="not_found")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def device_register(*, user: User, platform: str, token: str, name: str = "") -> Device:
    """Register (or refresh) a device; a token that changed hands moves to this person."""
    with transaction.atomic():
        device, _created = Device.objects.update_or_create(
            token=token, defaults={"user": user, "platform": platform, "name": name[:100]}
        )
    return device


def device_remove(*, user: User, device_id: int) -> None:
    deleted, _ = Device.objects.filter(pk=device_id, user=user).delete()
    if not deleted:
        raise DomainError("No such device.", code="not_found")
