"""API shapes for rounds, budgets, proposals and ballots."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from budgeting.models import Assessment, Budget, Item, ItemAttachment, ItemComment, Round


class BudgetSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Budget
        fields = [
            "id",
            "name",
            "area",
            "area_name",
            "amount",
            "ballot_type",
            "min_items",
            "max_items",
            "min_spend_percent",
            "points_total",
            "points_max_per_item",
            "rank_top",
        ]


class RoundSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "slug",
            "title",
            "description",
            "organisation",
            "currency",
            "total_budget",
            "phase",
            "audience",
            "min_age",
            "area_rule",
            "rule",
            "support_limit",
            "proposals_open",
            "proposals_close",
            "supports_open",
            "supports_close",
            "assessment_open",
            "assessment_close",
            "voting_open",
            "voting_close",
            "results_at",
            "implementation_at",
            "budgets",
        ]


class EligibilitySerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    budgets = serializers.ListField(child=serializers.IntegerField())
    one_budget_only = serializers.BooleanField()


class AssessmentPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["feasibility", "reason", "cost_estimate", "assessed_at"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemAttachment
        fields = ["id", "kind", "title", "content_type", "size", "file"]


class ItemSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.public_name", default="", read_only=True)
    assessment = AssessmentPublicSerializer(read_only=True, allow_null=True)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "round",
            "budget",
            "title",
            "description",
            "estimated_cost",
            "cost",
            "latitude",
            "longitude",
            "sdg_goals",
            "status",
            "merged_into",
            "on_ballot",
            "ballot_decision_reason",
            "support_count",
            "author",
            "assessment",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    title = serializers.CharField(max_length=160)
    description = serializers.CharField(max_length=10_000)
    estimated_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    sdg_goals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=17), required=False, max_length=17
    )


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.public_name", default="", read_only=True)

    class Meta:
        model = ItemComment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class BallotChoiceSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    points = serializers.IntegerField(min_value=0, max_value=1000, default=1)
    rank = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)


class BallotInputSerializer(serializers.Serializer):
    choices = BallotChoiceSerializer(many=True, help_text=_("The proposals you choose."))


class DeskBallotInputSerializer(BallotInputSerializer):
    voter = serializers.EmailField(help_text=_("Email address of the resident at the desk."))


class BallotSerializer(serializers.Serializer):
    budget = serializers.IntegerField()
    choices = BallotChoiceSerializer(many=True)
    total_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        help_text=_(
            "Keep this code to check that your ballot is counted once results are published."
        )
    )
    budget = serializers.IntegerField()
    replaced = serializers.BooleanField()
    channel = serializers.CharField()


class AssessmentInputSerializer(serializers.Serializer):
    feasibility = serializers.ChoiceField(choices=["feasible", "unfeasible"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    cost_estimate = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class BallotDecisionInputSerializer(serializers.Serializer):
    on_ballot = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class PhaseInputSerializer(serializers.Serializer):
    phase = serializers.CharField()


class PaperBatchInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=120)  # type: ignore[assignment]  # stubs: Field.label
    ballots = serializers.IntegerField(min_value=1)
    counts = serializers.DictField(child=serializers.IntegerField(min_value=0))
