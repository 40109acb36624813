"""Notification models: the email outbox, the event outbox, who follows what, deliveries."""

from civic.notifications.models.delivery import (
    DeliveryBatch,
    Device,
    EmailState,
    JobRun,
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from civic.notifications.models.email import OutboundEmail
from civic.notifications.models.events import AreaSubscription, Event, Follow

__all__ = [
    "AreaSubscription",
    "DeliveryBatch",
    "Device",
    "EmailState",
    "Event",
    "Follow",
    "JobRun",
    "Notification",
    "NotificationPreference",
    "NotificationSettings",
    "OutboundEmail",
]
