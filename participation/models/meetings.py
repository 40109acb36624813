"""Community meetings: in person, online or hybrid; registration with a waiting list; a
session code for voting in the room; minutes from draft through amendments to final."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    NONE = "none", _("No minutes yet")
    DRAFT = "draft", _("Draft")
    AMENDMENT = "amendment", _("Open for amendments")
    FINAL = "final", _("Final")


class Meeting(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meetings"
    )
    dialogue = models.ForeignKey(
        "participation.Dialogue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(
        _("format"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancelled_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    session_code = models.CharField(max_length=12, null=True, blank=True, unique=True)
    session_open = models.BooleanField(_("voting in the room is open"), default=False)
    attendance_count = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes = models.TextField(_("minutes"), blank=True)
    amendments_until = models.DateTimeField(_("amendments until"), null=True, blank=True)
    minutes_final_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="meeting_starts_before_ends"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingAgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=300)
    statement = models.ForeignKey(
        "participation.Statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRegistration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meeting_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user_id} {self.status}"


class MeetingHandCount(models.Model):
    """Hand counts on a statement taken by the facilitator in the room."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="hand_counts")
    statement = models.ForeignKey(
        "participation.Statement", on_delete=models.CASCADE, related_name="hand_counts"
    )
    agree = models.PositiveIntegerField(default=0)
    disagree = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hand count")
        verbose_name_plural = _("hand counts")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "statement"], name="meeting_hand_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.agree}/{self.disagree}/{self.passed}"


class MinutesAmendment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("proposed amendment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment to the minutes")
        verbose_name_plural = _("amendments to the minutes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.body[:60]
