"""Admin for consultations. Anonymous responses show their answers only: no person, no
edit link, no time, nothing that joins them to the roll of who responded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from participation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationAnswerItem,
    ConsultationAttachment,
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationParagraphRating,
    ConsultationParticipation,
    ConsultationQuestion,
    ConsultationQuestionRevision,
    ConsultationResponse,
    ConsultationResponseDraft,
    ConsultationTextAnswer,
)


class QuestionInline(admin.TabularInline):
    model = ConsultationQuestion
    extra = 0
    fields = ["position", "kind", "text", "required"]
    readonly_fields = ["position", "kind", "text", "required"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "opens_at", "closes_at", "anonymous"]
    list_filter = ["status", "anonymous", "organisation"]
    search_fields = ["title"]
    # The lifecycle runs through the services (events, checks): status is read-only here.
    readonly_fields = ["status", "opened_at", "closed_at", "answered_at", "created_by"]
    filter_horizontal = ["areas", "audience_areas"]
    inlines = [QuestionInline]


@admin.register(ConsultationQuestion)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "consultation", "position", "kind"]
    readonly_fields = ["consultation", "kind", "config", "condition_question", "condition_values"]


@admin.register(ConsultationQuestionRevision)
class QuestionRevisionAdmin(admin.ModelAdmin):
    list_display = ["question", "changed_by", "changed_at"]
    readonly_fields = ["question", "changed_by", "changed_at", "before", "after"]


@admin.register(ConsultationParticipation)
class ParticipationAdmin(admin.ModelAdmin):
    """Who has responded (the roll). It says nothing about what they answered."""

    list_display = ["consultation", "user"]
    list_filter = ["consultation"]
    fields = ["consultation", "user"]
    readonly_fields = ["consultation", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ConsultationResponse)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "consultation"]
    list_filter = ["consultation"]
    ordering = ["id"]  # a random id: never in order of arrival

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.consultation.anonymous:
            return ["consultation", "answers"]
        return ["consultation", "user", "submitted_at", "answers"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParagraphInline(admin.TabularInline):
    model = ConsultationParagraph
    extra = 0
    fields = ["position", "section", "text"]
    readonly_fields = ["position", "section", "text"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ConsultationDraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    list_display = ["consultation", "number", "title", "published_at"]
    readonly_fields = ["consultation", "number", "source", "published_by"]
    inlines = [ParagraphInline]


@admin.register(ConsultationParagraphRating)
class ParagraphRatingAdmin(admin.ModelAdmin):
    list_display = ["paragraph", "value", "updated_at"]
    readonly_fields = ["paragraph", "user", "value"]


@admin.register(ConsultationResponseDraft)
class ResponseDraftAdmin(admin.ModelAdmin):
    """Unfinished answers stay private to their author: the admin shows that one exists."""

    list_display = ["consultation", "user", "updated_at"]
    fields = ["consultation", "user", "updated_at"]
    readonly_fields = ["consultation", "user", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ConsultationTextAnswer)
class TextAnswerAdmin(admin.ModelAdmin):
    """Free text for moderation; the response it came from is not shown."""

    list_display = ["question", "hidden"]
    list_filter = ["hidden"]
    fields = ["question", "text", "hidden", "hidden_reason"]
    readonly_fields = ["question", "text"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ConsultationParagraphComment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["paragraph", "author", "created_at", "hidden"]
    list_filter = ["hidden"]
    readonly_fields = ["paragraph", "author", "body", "created_at"]


@admin.register(ConsultationAnswer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["consultation", "published_at"]
    readonly_fields = ["published_at", "published_by"]


admin.site.register(ConsultationAnswerItem)
admin.site.register(ConsultationAttachment)
