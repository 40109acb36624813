from django.contrib import admin
from django.http import HttpRequest

from civic.notifications.models import (
    AreaSubscription,
    DeliveryBatch,
    Device,
    Event,
    Follow,
    JobRun,
    Notification,
    NotificationPreference,
    NotificationSettings,
    OutboundEmail,
)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    # Bodies are not shown: they may hold sign-in and password-reset links.
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    fields = ("to", "subject", "status", "attempts", "last_error", "created_at", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["kind", "title", "state", "recipients", "created_at", "processed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "dedupe_key"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(DeliveryBatch)
class DeliveryBatchAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "state", "attempts", "sent", "failed", "created_at"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in DeliveryBatch._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "channel", "email_state", "created_at", "read_at"]
    list_filter = ["channel", "email_state"]
    raw_id_fields = ["event", "user", "batch"]
    readonly_fields = [
        "event",
        "user",
        "channel",
        "email_state",
        "not_before",
        "batch",
        "created_at",
        "read_at",
        "emailed_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "subject_type", "subject_id", "reason", "active", "created_at"]
    list_filter = ["subject_type", "reason", "active"]
    raw_id_fields = ["user"]


@admin.register(AreaSubscription)
class AreaSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "area", "created_at"]
    raw_id_fields = ["user", "area"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel"]
    list_filter = ["channel"]
    raw_id_fields = ["user"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "muted", "quiet_start", "quiet_end"]
    raw_id_fields = ["user"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    # The push token is a credential: listed by platform and name only.
    list_display = ["user", "platform", "name", "created_at", "last_seen_at"]
    fields = ("user", "platform", "name", "created_at", "last_seen_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "last_started_at", "last_finished_at", "runs"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "runs"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
