"""API: the open data catalogue and the files of each dataset (links to the downloads)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api_pagination import PagePagination
from civic.opendata.datasets import DATASETS, Dataset, Process, dataset_get
from civic.opendata.views import dictionary, licence


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


#: The types of the data dictionary (``OpenDataFieldTypeEnum`` in the schema).
FIELD_TYPES = [("integer", "integer"), ("decimal", "decimal"), ("string", "string"),
               ("boolean", "boolean"), ("date", "date")]  # fmt: skip


class FieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.ChoiceField(
        choices=FIELD_TYPES,
        help_text="integer, decimal (text with a dot), string, boolean or date (YYYY-MM-DD).",
    )
    description = serializers.CharField()


class DatasetSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())
    licence = LicenceSerializer()
    dictionary = FieldSerializer(many=True)
    page = serializers.URLField(help_text="The dataset's page, with its data dictionary.")
    files = serializers.URLField(help_text="The list of the dataset's files in the API.")


class FileSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    organisation_name = serializers.CharField()
    process = serializers.CharField()
    title = serializers.CharField()
    part = serializers.CharField(help_text="A budget's area code (ballots only), else empty.")
    part_title = serializers.CharField()
    downloads = serializers.DictField(
        child=serializers.URLField(), help_text="Format (csv, json or pb) to the file's address."
    )


def _dataset_data(request: Request, dataset: Dataset) -> dict[str, Any]:
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "formats": list(dataset.formats),
        "licence": licence(),
        "dictionary": dictionary(dataset),
        "page": request.build_absolute_uri(reverse("opendata-dataset", args=[dataset.key])),
        "files": request.build_absolute_uri(reverse("api-opendata-files", args=[dataset.key])),
    }


def _file_data(request: Request, dataset: Dataset, process: Process) -> dict[str, Any]:
    if dataset.key == "ballots":
        args = [process.organisation_slug, process.slug, process.part]
        downloads = {"pb": request.build_absolute_uri(reverse("opendata-ballots", args=args))}
    else:
        args = [dataset.key, process.organisation_slug, process.slug]
        downloads = {
            fmt: request.build_absolute_uri(reverse(f"opendata-{fmt}", args=args))
            for fmt in dataset.formats
        }
    return {
        "organisation": process.organisation_slug,
        "organisation_name": process.organisation_name,
        "process": process.slug,
        "title": process.title,
        "part": process.part,
        "part_title": process.part_title,
        "downloads": downloads,
    }


class DatasetListView(APIView):
    """Every public dataset, with its licence and data dictionary."""

    permission_classes = [AllowAny]

    @extend_schema(responses=DatasetSerializer(many=True), summary="Open data catalogue")
    def get(self, request: Request) -> Response:
        return Response([_dataset_data(request, d) for d in DATASETS.values()])


class DatasetDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=DatasetSerializer, summary="One dataset and its data dictionary")
    def get(self, request: Request, dataset: str) -> Response:
        return Response(_dataset_data(request, dataset_get(dataset)))


class DatasetFilesView(APIView):
    permission_classes = [AllowAny]
    pagination_class = PagePagination

    @extend_schema(
        responses=FileSerializer(many=True),
        summary="The files of a dataset: one per public process (per budget for ballots)",
    )
    def get(self, request: Request, dataset: str) -> Response:
        found = dataset_get(dataset)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found.processes(), request, view=self)
        return paginator.get_paginated_response([_file_data(request, found, p) for p in page or []])
