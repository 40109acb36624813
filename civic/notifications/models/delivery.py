"""What each person receives, how they want it, and the bookkeeping of delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic.notifications.kinds import Channel
from civic.notifications.models.events import Event


class EmailState(models.TextChoices):
    NONE = "none", _("No email")
    PENDING = "pending", _("Email waiting")
    DAILY = "daily", _("In the next daily digest")
    WEEKLY = "weekly", _("In the next weekly digest")
    SENT = "sent", _("Emailed")
    FAILED = "failed", _("Email failed")


class Notification(models.Model):
    """One event for one person: at most one, whatever the reasons and retries."""

    # No single-column indexes on these two: the (event, user) constraint and the feed
    # index lead with them, and every index costs each email its marking update.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    # Quiet hours: an immediate email waits until then (and gets a batch then).
    not_before = models.DateTimeField(null=True, blank=True)
    # The one batch that may email this notification (none: no email, or not yet due).
    batch = models.ForeignKey(
        "DeliveryBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="notification_once_per_person")
        ]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_feed_idx"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notif_unread_idx"
            ),
            models.Index(
                fields=["batch", "id"],
                condition=Q(email_state="pending"),
                name="notif_email_pending_idx",
            ),
            models.Index(
                fields=["not_before"],
                condition=Q(email_state="pending", batch__isnull=True),
                name="notif_email_held_idx",
            ),
            models.Index(
                fields=["user", "id"],
                condition=Q(email_state__in=["daily", "weekly"]),
                name="notif_digest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.event_id}"


class DeliveryBatch(models.Model):
    """A slice of email work (thousands of messages) done by one task on one connection.

    ``key`` is unique so that planning twice (a retried task, beat run twice) plans once.
    A worker holds a lease while it sends; each message is marked sent as it goes, so a
    worker killed mid-batch leaves the rest for whoever takes the batch over.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("Immediate email")
        DIGEST = "digest", _("Digest")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="batches"
    )
    frequency = models.CharField(max_length=10, blank=True)
    # Digests: the user ids covered, both ends included.
    first_id = models.BigIntegerField(null=True, blank=True)
    last_id = models.BigIntegerField(null=True, blank=True)
    cutoff = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # After a failure: not handed over again before this (backoff).
    retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery batch")
        verbose_name_plural = _("delivery batches")
        indexes = [
            models.Index(fields=["created_at"], condition=~Q(state="done"), name="batch_undone_idx")
        ]

    def __str__(self) -> str:
        return self.key


class NotificationPreference(models.Model):
    """A person's channel for one event kind (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=80)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["kind", "user"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}={self.channel}"


class NotificationSettings(models.Model):
    """Global switches: mute all email and push; quiet hours (in the city's time zone)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    muted = models.BooleanField(
        _("mute all email"),
        default=False,
        help_text=_("Keep notifications on the site, send no email at all."),
    )
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)


class Device(models.Model):
    """A mobile device that may later receive push notifications."""

    class Platform(models.TextChoices):
        IOS = "ios", "iOS"
        ANDROID = "android", "Android"
        WEB = "web", _("Web push")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices"
    )
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    token = models.CharField(_("push token"), max_length=512, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return f"{self.platform} · {self.user_id}"


class JobRun(models.Model):
    """Bookkeeping for scheduled jobs and the relay: when each last ran, and how."""

    name = models.CharField(max_length=120, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_result = models.JSONField(default=dict, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return self.name
