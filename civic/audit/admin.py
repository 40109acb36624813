from django.contrib import admin
from django.http import HttpRequest

from civic.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by the services and never edited."""

    list_display = [
        "created_at",
        "action",
        "organisation",
        "actor",
        "process_type",
        "process_id",
        "public",
    ]
    list_filter = ["public", "action", "process_type"]
    search_fields = ["action", "reason"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
