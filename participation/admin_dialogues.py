"""Admin of dialogues and meetings (registered from the app's ready(); snapshots read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from participation.models import (
    ContentReport,
    Dialogue,
    DialogueParticipant,
    DialogueSettings,
    Meeting,
    MeetingAgendaItem,
    MeetingHandCount,
    MeetingRegistration,
    MinutesAmendment,
    ModerationAction,
    OfficialResponse,
    OpinionMapSnapshot,
    Statement,
    StatementReply,
)


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ["question", "organisation", "phase", "opens_at", "responds_at", "closes_at"]
    list_filter = ["phase", "organisation"]
    search_fields = ["question"]
    filter_horizontal = ["areas"]


@admin.register(DialogueSettings)
class DialogueSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "residents_may_open", "representative_weighting"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["text", "dialogue", "origin", "status", "is_meta", "report_count"]
    list_filter = ["status", "origin"]
    search_fields = ["text"]
    raw_id_fields = ["dialogue", "author", "promoted_from", "meeting", "seeded_by"]


@admin.register(ContentReport)
class ContentReportAdmin(admin.ModelAdmin):
    list_display = ["reason", "dialogue", "statement", "reply", "created_at", "resolved_at"]
    raw_id_fields = ["dialogue", "statement", "reply", "reporter"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["action", "dialogue", "public_reason", "created_at"]
    raw_id_fields = ["dialogue", "statement", "reply", "participant", "actor"]


@admin.register(OfficialResponse)
class OfficialResponseAdmin(admin.ModelAdmin):
    list_display = ["dialogue", "statement", "outcome", "due_date"]
    raw_id_fields = ["dialogue", "statement", "author"]


@admin.register(OpinionMapSnapshot)
class OpinionMapSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "dialogue",
        "created_at",
        "n_participants",
        "n_statements",
        "n_votes",
        "seconds",
    ]
    readonly_fields = [f.name for f in OpinionMapSnapshot._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DialogueParticipant)
class DialogueParticipantAdmin(admin.ModelAdmin):
    # Who takes part under which pseudonym (for blocking); never how they voted.
    list_display = ["dialogue", "pseudonym", "blocked_at", "created_at"]
    raw_id_fields = ["dialogue", "user"]


@admin.register(StatementReply)
class StatementReplyAdmin(admin.ModelAdmin):
    list_display = ["statement", "stance", "status", "created_at"]
    list_filter = ["status", "stance"]
    raw_id_fields = ["statement", "parent", "author"]


class AgendaInline(admin.TabularInline):
    model = MeetingAgendaItem
    raw_id_fields = ["statement"]
    extra = 0


class HandCountInline(admin.TabularInline):
    model = MeetingHandCount
    raw_id_fields = ["statement"]
    extra = 0


class AmendmentInline(admin.TabularInline):
    model = MinutesAmendment
    raw_id_fields = ["author"]
    extra = 0


class RegistrationInline(admin.TabularInline):
    model = MeetingRegistration
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "mode", "starts_at", "capacity", "status"]
    list_filter = ["status", "mode"]
    raw_id_fields = ["dialogue", "area", "created_by"]
    inlines = [AgendaInline, RegistrationInline, HandCountInline, AmendmentInline]
