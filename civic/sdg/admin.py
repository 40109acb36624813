from django.contrib import admin

from civic.sdg.models import LocalTarget


@admin.register(LocalTarget)
class LocalTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "goal", "global_target", "organisation", "target_year"]
    list_filter = ["goal", "organisation"]
    search_fields = ["code", "title", "description"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
