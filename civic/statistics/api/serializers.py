"""Output serializers of the statistics API (read-only; a null figure is suppressed)."""

from __future__ import annotations

from rest_framework import serializers


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")


class BreakdownSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    title = serializers.CharField()
    rows = FigureSerializer(many=True)


class ProcessStatisticsSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="consultation, dialogue or round")
    id = serializers.IntegerField()
    title = serializers.CharField()
    month = serializers.DateField()
    url = serializers.CharField()
    participants = serializers.IntegerField(allow_null=True)
    turnout = serializers.FloatField(allow_null=True, help_text="Percent of the population.")
    contributions = serializers.IntegerField(allow_null=True)
    sdg_goals = serializers.ListField(child=serializers.IntegerField())
    breakdowns = BreakdownSerializer(many=True)


class AreaStatisticsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    depth = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    participants = serializers.IntegerField(allow_null=True)
    turnout = serializers.FloatField(allow_null=True)
    months = BreakdownSerializer()


class OrganisationStatisticsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    threshold = serializers.IntegerField(help_text="No figure counts fewer people than this.")
    participants = serializers.IntegerField(allow_null=True)
    contributions = serializers.IntegerField()
    months = BreakdownSerializer()
    breakdowns = BreakdownSerializer(many=True)
    processes = ProcessStatisticsSerializer(many=True)
    areas = AreaStatisticsSerializer(many=True)
