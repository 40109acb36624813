from django.contrib import admin
from django.http import HttpRequest

from civic.notifications.models import DeliveryBatch, Event, OutboundEmail


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
