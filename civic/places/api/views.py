"""Public organisations and areas; census imports for officials."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from civic.api_permissions import HasObjectPermission
from civic.api_problems import problem_response
from civic.http import acting_user
from civic.places.api.serializers import (
    AreaSerializer,
    CensusImportInputSerializer,
    CensusImportSerializer,
    OrganisationSerializer,
)
from civic.places.models import Area, AreaKind, CensusImport, Organisation
from civic.places.selectors.places import area_list, census_import_list, organisation_list
from civic.places.services.census import census_import


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    queryset = organisation_list()


class AreaFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug")
    parent = django_filters.CharFilter(field_name="parent__code")
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices)

    class Meta:
        model = Area
        fields = ["organisation", "parent", "kind"]


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    queryset = area_list()


class CensusImportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Census files of an organisation: officials upload and read the reports."""

    permission_classes = [IsAuthenticated, HasObjectPermission]
    object_permission = "places.manage_census"
    serializer_class = CensusImportSerializer
    parser_classes = [MultiPartParser, FormParser]
    throttle_scope = "writes"

    def _organisation(self) -> Organisation:
        organisation = get_object_or_404(Organisation, slug=self.kwargs["organisation_slug"])
        self.check_object_permissions(self.request, organisation)
        return organisation

    def get_queryset(self) -> QuerySet[CensusImport]:
        if getattr(self, "swagger_fake_view", False):
            return CensusImport.objects.none()
        return census_import_list(organisation=self._organisation())

    @extend_schema(
        request=CensusImportInputSerializer,
        responses={201: CensusImportSerializer, 422: CensusImportSerializer},
        summary="Upload a census file (all rows or none are applied)",
    )
    def create(self, request: Request, organisation_slug: str) -> Response:
        organisation = self._organisation()
        serializer = CensusImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        record = census_import(
            actor=acting_user(request),
            organisation=organisation,
            file=upload,
            filename=upload.name or "census.csv",
            mode=serializer.validated_data["mode"],
        )
        if record.status == CensusImport.Status.REJECTED:
            errors = [
                {
                    "field": str(error["field"] or "file"),
                    "row": error["row"],
                    "message": str(error["message"]),
                    "code": "invalid_row",
                }
                for error in record.errors
            ]
            return problem_response(
                422,
                detail=_("The census file was not imported: %(count)s row error(s).")
                % {"count": len(record.errors)},
                errors=errors,
                code="census_rejected",
                instance=request.path,
            )
        return Response(CensusImportSerializer(record).data, status=status.HTTP_201_CREATED)
