"""What the notifications app holds about a person: all of it personal, all of it erased."""

from __future__ import annotations

from typing import Any

from civic.accounts import personal_data
from civic.accounts.models import User
from civic.notifications.models import (
    AreaSubscription,
    Device,
    Follow,
    Notification,
    NotificationPreference,
    NotificationSettings,
)


def _export(user: User) -> dict[str, Any]:
    switches = NotificationSettings.objects.filter(user=user).first()
    return {
        "notifications": [
            {
                "kind": n.event.kind,
                "title": n.event.title,
                "url": n.event.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.filter(user=user).select_related("event").order_by("id")
        ],
        "preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
        ),
        "muted": bool(switches and switches.muted),
        "quiet_hours": (
            [switches.quiet_start.isoformat(), switches.quiet_end.isoformat()]
            if switches and switches.quiet_start and switches.quiet_end
            else None
        ),
        "follows": [
            {"subject_type": f.subject_type, "subject_id": f.subject_id, "reason": f.reason}
            for f in Follow.objects.filter(user=user, active=True).order_by("id")
        ],
        "area_subscriptions": [
            s.area.name for s in AreaSubscription.objects.filter(user=user).select_related("area")
        ],
        "devices": [
            {"platform": d.platform, "name": d.name, "created_at": d.created_at.isoformat()}
            for d in Device.objects.filter(user=user)
        ],
    }


def _erase(user: User) -> None:
    # Events the person caused keep existing (SET_NULL on actor); everything addressed to
    # them goes.
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    AreaSubscription.objects.filter(user=user).delete()
    Device.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register("notifications", exporter=_export, eraser=_erase)
