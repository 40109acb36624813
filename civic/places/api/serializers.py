"""API shapes for organisations, areas and census imports."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civic.places.models import Area, CensusImport, Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)  # type: ignore[assignment]  # stubs: Field.parent
    area_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "parent", "description", "website", "contact_email", "area_count"]


class AreaSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)  # type: ignore[assignment]  # stubs: Field.parent

    class Meta:
        model = Area
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "organisation",
            "parent",
            "depth",
            "population",
            "boundary",
        ]


class CensusImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CensusImport
        fields = [
            "id",
            "filename",
            "mode",
            "status",
            "rows_total",
            "rows_created",
            "rows_updated",
            "rows_removed",
            "errors",
            "created_at",
        ]


class CensusImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    mode = serializers.ChoiceField(
        choices=CensusImport.Mode.choices, default=CensusImport.Mode.MERGE
    )
