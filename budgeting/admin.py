"""Admin for budgeting. Ballots are shown without any way to tell whose they are: the
voter key is hidden, and the voter roll (who voted) never shows a ballot."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from budgeting.models import (
    Assessment,
    Ballot,
    BallotChoice,
    Budget,
    Incompatibility,
    Item,
    ItemAttachment,
    ItemComment,
    Milestone,
    PaperBatch,
    PaperCount,
    PhaseChange,
    Project,
    Result,
    ResultLine,
    Round,
    Support,
    VoterRoll,
)


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "phase", "voting_open", "voting_close"]
    list_filter = ["phase", "organisation"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["phase", "created_by", "created_at"]
    inlines = [BudgetInline]


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ["round", "phase", "changed_at", "actor"]
    readonly_fields = ["round", "phase", "changed_at", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = ItemAttachment
    extra = 0
    readonly_fields = ["kind", "content_type", "size"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "budget", "status", "on_ballot", "support_count"]
    list_filter = ["status", "on_ballot", "round"]
    search_fields = ["title"]
    raw_id_fields = ["author", "merged_into"]
    readonly_fields = ["support_count"]
    inlines = [AttachmentInline]


@admin.register(ItemComment)
class ItemCommentAdmin(admin.ModelAdmin):
    list_display = ["item", "author", "created_at", "hidden"]
    list_filter = ["hidden"]
    raw_id_fields = ["item", "author"]


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["item", "user", "created_at"]
    raw_id_fields = ["item", "user"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["item", "feasibility", "cost_estimate", "assessor", "assessed_at"]
    list_filter = ["feasibility"]
    raw_id_fields = ["item", "assessor"]


@admin.register(Incompatibility)
class IncompatibilityAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "reason"]
    raw_id_fields = ["first", "second"]


class ChoiceInline(admin.TabularInline):
    model = BallotChoice
    extra = 0
    readonly_fields = ["item", "points", "rank"]
    can_delete = False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """Anonymous ballots, read-only. The voter key is never displayed."""

    list_display = ["id", "budget", "channel"]
    list_filter = ["channel"]
    fields = ["budget", "channel"]
    readonly_fields = ["budget", "channel"]
    inlines = [ChoiceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(VoterRoll)
class VoterRollAdmin(admin.ModelAdmin):
    """Who voted and through which channel; what they voted is not here."""

    list_display = ["budget", "user", "channel", "recorded_by"]
    list_filter = ["channel", "budget__round"]
    fields = ("budget", "user", "channel", "recorded_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PaperCountInline(admin.TabularInline):
    model = PaperCount
    extra = 0
    readonly_fields = ["item", "votes"]


@admin.register(PaperBatch)
class PaperBatchAdmin(admin.ModelAdmin):
    list_display = ["label", "budget", "ballots", "status", "entered_by", "confirmed_by"]
    readonly_fields = [
        "budget",
        "label",
        "ballots",
        "status",
        "entered_by",
        "confirmed_by",
        "confirmed_at",
    ]
    inlines = [PaperCountInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ResultLineInline(admin.TabularInline):
    model = ResultLine
    extra = 0
    readonly_fields = ["item", "votes", "score", "cost", "selected", "position", "reason"]


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["budget", "rule", "ballots_counted", "computed_at", "published_at"]
    readonly_fields = [
        "budget",
        "rule",
        "completion",
        "ballots_counted",
        "spent",
        "explanation",
        "turnout",
        "computed_at",
        "published_at",
    ]
    inlines = [ResultLineInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["item", "status", "progress", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["item"]
    inlines = [MilestoneInline]
