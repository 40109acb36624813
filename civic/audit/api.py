"""The audit trail under /api/v1/audit/: a process's log and an organisation's full log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from civic.audit.actions import ACTIONS
from civic.audit.models import AuditEntry
from civic.audit.selectors import (
    PROCESS_TYPES,
    may_see_full_log,
    organisation_log,
    process_find,
    process_log,
)
from civic.places.models import Organisation


@extend_schema_field(OpenApiTypes.OBJECT)
class _JSONObject(serializers.JSONField):
    pass


class AuditEntrySerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="label", read_only=True)
    actor = serializers.SerializerMethodField(
        help_text="Who acted (officials' full log only; null in the public log or when the "
        "action ran on schedule)."
    )
    organisation: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    before = _JSONObject(read_only=True)
    after = _JSONObject(read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "action",
            "action_label",
            "organisation",
            "actor",
            "subject_type",
            "subject_id",
            "process_type",
            "process_id",
            "before",
            "after",
            "reason",
            "public",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, entry: AuditEntry) -> str | None:
        if not self.context.get("full") or entry.actor is None:
            return None
        return str(entry.actor.display_name or entry.actor.email)


PROCESS_TYPE = OpenApiParameter(
    "process_type", str, OpenApiParameter.PATH, enum=list(PROCESS_TYPES)
)


class ProcessLogView(generics.GenericAPIView):
    """A process's log: public actions for everyone, every action for its officials."""

    permission_classes = [AllowAny]
    serializer_class = AuditEntrySerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return AuditEntry.objects.none()

    @extend_schema(
        parameters=[PROCESS_TYPE],
        summary="The audit log of a consultation, dialogue or round",
        operation_id="audit_process_log",
    )
    def get(self, request: Request, process_type: str, pk: int) -> Response:
        process = process_find(process_type, pk)
        if process is None:
            raise Http404
        full = may_see_full_log(request.user, process.organisation)
        if not process.public and not full:
            raise Http404
        page = self.paginate_queryset(process_log(process=process, full=full))
        data = AuditEntrySerializer(page, many=True, context={"full": full}).data
        return self.get_paginated_response(data)


class OrganisationLogView(generics.GenericAPIView):
    """Every official action of an organisation (its officials and administrators)."""

    permission_classes = [IsAuthenticated]
    serializer_class = AuditEntrySerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        return AuditEntry.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("process_type", str, enum=list(PROCESS_TYPES)),
            OpenApiParameter("action", str, enum=sorted(ACTIONS)),
        ],
        summary="The organisation's full audit trail (officials)",
        operation_id="audit_organisation_log",
    )
    def get(self, request: Request, slug: str) -> Response:
        organisation = get_object_or_404(Organisation, slug=slug)
        if not may_see_full_log(request.user, organisation):
            raise ApiPermissionDenied
        params: Any = request.query_params
        process_type = params.get("process_type", "")
        action = params.get("action", "")
        entries = organisation_log(
            organisation=organisation,
            process_type=process_type if process_type in PROCESS_TYPES else "",
            action=action if action in ACTIONS else "",
        )
        if (process_type and process_type not in PROCESS_TYPES) or (
            action and action not in ACTIONS
        ):
            entries = entries.none()
        page = self.paginate_queryset(entries)
        data = AuditEntrySerializer(page, many=True, context={"full": True}).data
        return self.get_paginated_response(data)
