"""The event outbox and the two ways of hearing about things: follows and area subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation


class Event(models.Model):
    """A domain event, written in the same transaction as the change it describes.

    The row is the outbox: it exists if and only if the change committed. The relay and
    the fan-out task move it from ``pending`` to ``done``; every step is idempotent, so a
    broker outage or a worker restart delays delivery but loses or doubles nothing.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for delivery")
        DONE = "done", _("Delivered to recipients")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=80)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.BigIntegerField(_("subject id"))
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    area_ids = models.JSONField(default=list, blank=True)
    recipient_ids = models.JSONField(default=list, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    # The fan-out walks the audience in id order, one committed chunk at a time: the
    # last user id done, so that a retry goes on where the previous attempt stopped.
    fanout_after = models.BigIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # After a failure: not handed over again before this (backoff).
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="event_subject_idx"),
            models.Index(fields=["kind", "-created_at"], name="event_kind_idx"),
            # The relay scans only what is not done yet.
            models.Index(
                fields=["created_at"], condition=~Q(state="done"), name="event_undone_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class Follow(models.Model):
    """A person follows one subject (a consultation, a round, an item, a dialogue...).

    ``active`` False remembers an explicit unfollow, so that a later automatic follow
    (for voting, answering...) does not sign the person up again.
    """

    class Reason(models.TextChoices):
        EXPLICIT = "explicit", _("You follow it")
        AUTHOR = "author", _("You wrote it")
        VOTER = "voter", _("You voted")
        RESPONDENT = "respondent", _("You took part")
        REGISTRANT = "registrant", _("You registered")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.BigIntegerField(_("subject id"))
    reason = models.CharField(_("reason"), max_length=20, default=Reason.EXPLICIT)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "subject_type", "subject_id"], name="follow_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["subject_type", "subject_id"],
                condition=Q(active=True),
                name="follow_subject_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.subject_type}:{self.subject_id}"


class AreaSubscription(models.Model):
    """Everything new in an area (and the areas inside it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_subscriptions"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("area")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("area subscription")
        verbose_name_plural = _("area subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["area", "user"], name="area_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → area {self.area_id}"
