"""API shapes of consultations. Input serializers parse; services validate the rules."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civic.places.models import Area
from participation.models import (
    Audience,
    Consultation,
    ConsultationAnswerItem,
    ConsultationAttachment,
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationQuestion,
    ConsultationTextAnswer,
    QuestionKind,
    ResultsVisibility,
)


class ConsultationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)
    areas = serializers.PrimaryKeyRelatedField[Area](many=True, read_only=True)
    audience_areas = serializers.PrimaryKeyRelatedField[Area](many=True, read_only=True)
    response_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id", "url", "organisation", "title", "summary", "body", "body_html", "areas",
            "sdg_goals", "languages", "opens_at", "closes_at", "audience", "audience_areas",
            "min_age", "anonymous", "allow_edit", "results_visibility", "status",
            "response_count", "opened_at", "closed_at", "answered_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, obj: Consultation) -> str:
        return f"/consultations/{obj.pk}/"


class ConsultationInputSerializer(serializers.Serializer):
    organisation = serializers.SlugField(required=False, help_text="Slug; on create only.")
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    areas = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Area.objects.all(), required=False
    )
    sdg_goals = serializers.ListField(child=serializers.IntegerField(), required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    audience_areas = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Area.objects.all(), required=False
    )
    min_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    anonymous = serializers.BooleanField(required=False)
    allow_edit = serializers.BooleanField(required=False)
    results_visibility = serializers.ChoiceField(choices=ResultsVisibility.choices, required=False)


class ConsultationQuestionSerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="field_name", read_only=True)

    class Meta:
        model = ConsultationQuestion
        fields = [
            "id", "field", "position", "kind", "text", "help_text", "required", "config",
            "condition_question", "condition_values",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationQuestionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices, required=False)
    text = serializers.CharField(max_length=500, required=False)
    help_text = serializers.CharField(max_length=500, required=False, allow_blank=True)  # type: ignore[assignment]  # stubs: Field.help_text
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]  # stubs: Field.required
    config = serializers.JSONField(required=False)
    position = serializers.IntegerField(required=False, min_value=1)
    condition_question = serializers.IntegerField(required=False, allow_null=True)
    condition_values = serializers.ListField(child=serializers.CharField(), required=False)


class ConsultationAnswersInputSerializer(serializers.Serializer):
    answers = serializers.JSONField(
        help_text='Answers keyed by question field, e.g. {"q3": "o1", "q4": ["o1", "o2"]}.'
    )


class ConsultationMyResponseSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["new", "draft", "submitted", "submitted_locked"])
    answers = serializers.JSONField()


class ConsultationAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationAttachment
        fields = ["id", "title", "file", "content_type", "size", "created_at"]
        read_only_fields = fields


class ConsultationAttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ConsultationCommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationParagraphComment
        fields = ["id", "paragraph", "author", "body", "created_at", "hidden", "hidden_reason"]
        read_only_fields = fields

    def get_author(self, obj: ConsultationParagraphComment) -> str:
        return obj.author.public_name if obj.author else ""


class ConsultationCommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=4000)


class ConsultationRatingInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=[-1, 0, 1])


class ConsultationModerationInputSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConsultationParagraphSerializer(serializers.ModelSerializer):
    agree = serializers.IntegerField(read_only=True)
    unsure = serializers.IntegerField(read_only=True)
    disagree = serializers.IntegerField(read_only=True)

    class Meta:
        model = ConsultationParagraph
        fields = ["id", "position", "section", "text", "text_html", "agree", "unsure", "disagree"]
        read_only_fields = fields


class ConsultationDraftVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationDraftVersion
        fields = ["number", "title", "change_note", "published_at"]
        read_only_fields = fields


class ConsultationDraftVersionDetailSerializer(ConsultationDraftVersionSerializer):
    paragraphs = ConsultationParagraphSerializer(many=True, source="paragraph_list", read_only=True)

    class Meta(ConsultationDraftVersionSerializer.Meta):
        fields = [*ConsultationDraftVersionSerializer.Meta.fields, "paragraphs"]
        read_only_fields = fields


class ConsultationDraftVersionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    source = serializers.CharField(  # type: ignore[assignment]  # stubs: Field.source
        help_text="Markdown; blank lines split paragraphs, # starts a section."
    )
    change_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class ConsultationDiffBlockSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["same", "added", "removed", "changed"])
    section = serializers.CharField()
    html = serializers.CharField(help_text="Escaped text with <ins> and <del> only.")


class ConsultationTextAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationTextAnswer
        fields = ["id", "question", "text", "hidden", "hidden_reason"]
        read_only_fields = fields


class ConsultationAnswerItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationAnswerItem
        fields = [
            "id", "position", "you_said", "we_did", "outcome", "reason", "question",
            "paragraph", "comment",
        ]  # fmt: skip
        read_only_fields = fields


class ConsultationAnswerItemInputSerializer(serializers.Serializer):
    you_said = serializers.CharField()
    we_did = serializers.CharField()
    outcome = serializers.ChoiceField(choices=ConsultationAnswerItem.Outcome.choices)
    reason = serializers.CharField()
    question = serializers.IntegerField(required=False, allow_null=True)
    paragraph = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.IntegerField(required=False, allow_null=True)


class ConsultationAnswerSerializer(serializers.Serializer):
    body = serializers.CharField()
    body_html = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    items = ConsultationAnswerItemSerializer(many=True, read_only=True)


class ConsultationAnswerInputSerializer(serializers.Serializer):
    body = serializers.CharField()
    publish = serializers.BooleanField(default=False)


class ConsultationResultsSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    threshold = serializers.IntegerField(
        help_text="Breakdown cells under this are suppressed (null)."
    )
    questions = serializers.JSONField()
    participation = serializers.JSONField()
