"""Notification models: the email outbox, the event outbox, who follows what, deliveries."""

from civic.notifications.models.email import OutboundEmail
from civic.notifications.models.events import AreaSubscription, Event, Follow

__all__ = ["AreaSubscription", "Event", "Follow", "OutboundEmail"]
