"""Public statistics API under /api/v1/statistics/ (the same figures as the pages)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.places.models import Organisation
from civic.statistics.api.serializers import (
    AreaStatisticsSerializer,
    OrganisationStatisticsSerializer,
    ProcessStatisticsSerializer,
)
from civic.statistics.selectors.participations import PROCESS_KINDS
from civic.statistics.selectors.statistics import OrganisationStatistics, organisation_statistics

NOT_FOUND = OpenApiResponse(description="No such organisation, process or area.")


def _stats(slug: str) -> OrganisationStatistics:
    return organisation_statistics(organisation=get_object_or_404(Organisation, slug=slug))


class OrganisationStatisticsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["statistics"],
        summary="Participation statistics of an organisation (small cells suppressed)",
        responses={200: OrganisationStatisticsSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(OrganisationStatisticsSerializer(_stats(slug)).data)


class ProcessStatisticsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["statistics"],
        summary="Participation statistics of one ended process",
        responses={200: ProcessStatisticsSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, kind: str, pk: int) -> Response:
        if kind not in PROCESS_KINDS:
            raise Http404
        process = _stats(slug).process(kind, pk)
        if process is None:
            raise Http404
        return Response(ProcessStatisticsSerializer(process).data)


class AreaStatisticsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["statistics"],
        summary="Participation of an area's residents over time",
        responses={200: AreaStatisticsSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        area = _stats(slug).area(pk)
        if area is None:
            raise Http404
        return Response(AreaStatisticsSerializer(area).data)
