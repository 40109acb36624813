"""API: a closed budget's anonymised ballots as a pabulib ``.pb`` file; imports (officials)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgeting.models import Budget
from budgeting.selectors.results import ballots_public
from budgeting.services.pabulib_io import (
    PabulibImportError,
    decode_upload,
    export_filename,
    pabulib_export,
    pabulib_import,
)
from civic.api_problems import problem_response
from civic.http import acting_user
from civic.places.models import Area, Organisation


class PabulibExportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={(200, "text/plain"): OpenApiTypes.STR},
        summary="Anonymised ballots of a closed budget (.pb)",
    )
    def get(self, request: Request, budget_id: int) -> HttpResponse:
        budget = get_object_or_404(
            Budget.objects.select_related("round", "round__organisation", "area"), pk=budget_id
        )
        if not ballots_public(budget):
            raise Http404
        response = HttpResponse(
            pabulib_export(budget=budget), content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{export_filename(budget)}"'
        return response


class PabulibImportInputSerializer(serializers.Serializer):
    organisation = serializers.SlugField()
    area = serializers.SlugField(help_text="Area code within the organisation.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    file = serializers.FileField()


class PabulibImportOutputSerializer(serializers.Serializer):
    round = serializers.CharField()
    budget = serializers.IntegerField()


class PabulibImportView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]
    throttle_scope = "writes"

    @extend_schema(
        request=PabulibImportInputSerializer,
        responses={201: PabulibImportOutputSerializer},
        summary="Import a .pb file as a closed round (all or nothing)",
    )
    def post(self, request: Request) -> Response:
        data = PabulibImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = get_object_or_404(Organisation, slug=data.validated_data["organisation"])
        if not request.user.has_perm("budgeting.manage_round", organisation):
            self.permission_denied(request)
        area = get_object_or_404(Area, organisation=organisation, code=data.validated_data["area"])
        try:
            round_ = pabulib_import(
                actor=acting_user(request),
                organisation=organisation,
                area=area,
                text=decode_upload(data.validated_data["file"].read()),
                title=data.validated_data.get("title", ""),
            )
        except PabulibImportError as error:
            return problem_response(
                422,
                detail=str(error.message),
                code="pabulib_invalid",
                instance=request.path,
                errors=[
                    {
                        "field": "file",
                        "line": error.line,
                        "message": str(error.detail),
                        "code": "pabulib_invalid",
                    }
                ],
            )
        return Response({"round": round_.slug, "budget": round_.budgets.get().pk}, status=201)
