"""API: implementation projects and their milestones (read for all; writes for officials)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from budgeting.models import Milestone, Project, ProjectStatus
from budgeting.selectors import implementation as sel
from budgeting.services import implementation as svc
from civic.http import acting_user


class MilestoneSerializer(serializers.ModelSerializer):
    photo = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "date", "title", "text", "photo", "photo_alt"]

    def get_photo(self, obj: Milestone) -> str:
        return obj.photo.url if obj.photo else ""


class ProjectSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)
    round = serializers.CharField(source="item.round.slug", read_only=True)
    area = serializers.CharField(source="item.budget.area.name", read_only=True)
    cost = serializers.DecimalField(
        source="item.estimated_cost", max_digits=14, decimal_places=2, read_only=True
    )
    latitude = serializers.DecimalField(
        source="item.latitude", max_digits=9, decimal_places=6, read_only=True, allow_null=True
    )
    longitude = serializers.DecimalField(
        source="item.longitude", max_digits=9, decimal_places=6, read_only=True, allow_null=True
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "item",
            "title",
            "round",
            "area",
            "cost",
            "status",
            "progress",
            "budget_spent",
            "latitude",
            "longitude",
            "updated_at",
        ]


class ProjectUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    budget_spent = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MilestoneInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True)
    photo = serializers.FileField(required=False, allow_null=True)
    photo_alt = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Winning proposals being built, across rounds."""

    lookup_value_regex = r"\d+"

    serializer_class = ProjectSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self) -> list[BasePermission]:
        if self.action in ("list", "retrieve", "milestones") and self.request.method == "GET":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Project]:
        return sel.project_list(
            status=self.request.query_params.get("status", ""),
            round_slug=self.request.query_params.get("round", ""),
        )

    def _manageable(self, request: Request, pk: str) -> Project:
        project = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("budgeting.manage_implementation", project.item.round):
            self.permission_denied(request)
        return project

    @extend_schema(
        request=ProjectUpdateSerializer,
        responses=ProjectSerializer,
        summary="Update status, progress and spending (officials)",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        project = self._manageable(request, pk)
        data = ProjectUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = svc.project_update(
            actor=acting_user(request),
            project=project,
            status=data.validated_data["status"],
            progress=data.validated_data["progress"],
            budget_spent=data.validated_data.get("budget_spent"),
            note=data.validated_data.get("note", ""),
        )
        return Response(ProjectSerializer(sel.project_detail(project.pk)).data)

    @extend_schema(
        methods=["GET"],
        responses=MilestoneSerializer(many=True),
        summary="The project's public timeline",
    )
    @extend_schema(
        methods=["POST"],
        request=MilestoneInputSerializer,
        responses={201: MilestoneSerializer},
        summary="Add a milestone (officials)",
    )
    @action(detail=True, methods=["get", "post"])
    def milestones(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            project = get_object_or_404(self.get_queryset(), pk=pk)
            return Response(
                MilestoneSerializer(project.milestones.order_by("date", "pk"), many=True).data
            )
        project = self._manageable(request, pk)
        data = MilestoneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = svc.milestone_add(
            actor=acting_user(request),
            project=project,
            date=data.validated_data["date"],
            title=data.validated_data["title"],
            text=data.validated_data.get("text", ""),
            photo=data.validated_data.get("photo"),
            photo_alt=data.validated_data.get("photo_alt", ""),
        )
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)
