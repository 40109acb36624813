from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civic.accounts.models import Membership, User, Verification
from civic.http import acting_user


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["granted_by", "created_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "preferred_language",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language"]
    search_fields = ["email", "display_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for instance in formset.save(commit=False):
            if isinstance(instance, Membership) and instance.granted_by_id is None:
                instance.granted_by = acting_user(request)
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "granted_by", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["granted_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        if obj.granted_by_id is None:
            obj.granted_by = acting_user(request)
        super().save_model(request, obj, form, change)


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "method", "area", "verified_by", "verified_at"]
    list_filter = ["method", "organisation"]
    search_fields = ["user__email"]
    readonly_fields = ["census_entry", "verified_by", "verified_at", "method"]
    autocomplete_fields = ["user", "organisation", "area"]
