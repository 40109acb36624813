"""The SDG API under /api/v1/sdg/: goals and targets (data), local targets (officials write)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import acting_user
from civic.places.models import Organisation
from civic.sdg.goals import Goal, Target, sdg_goal, sdg_goals
from civic.sdg.models import LocalTarget
from civic.sdg.selectors import GoalCounts, goal_counts, goal_param, local_target_list
from civic.sdg.services import local_target_create, local_target_delete, local_target_update


class TargetSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Official code, e.g. 11.2 or 11.a.")
    goal = serializers.IntegerField()
    title = serializers.CharField(help_text="In the request's language (English fallback).")
    title_en = serializers.CharField()
    title_zh_hans = serializers.CharField()

    def to_representation(self, instance: Target) -> dict[str, Any]:
        return {
            "code": instance.code,
            "goal": instance.goal,
            "title": instance.title(get_language()),
            "title_en": instance.title_en,
            "title_zh_hans": instance.title_zh_hans,
        }


class GoalCountsSerializer(serializers.Serializer):
    consultations = serializers.IntegerField()
    dialogues = serializers.IntegerField()
    items = serializers.IntegerField()
    projects = serializers.IntegerField()
    local_targets = serializers.IntegerField()


class GoalSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=17)
    short = serializers.CharField()
    title = serializers.CharField()
    short_en = serializers.CharField()
    title_en = serializers.CharField()
    short_zh_hans = serializers.CharField()
    title_zh_hans = serializers.CharField()
    target_count = serializers.IntegerField()
    counts = GoalCountsSerializer(help_text="Public processes and proposals tagged with it.")

    def to_representation(self, instance: Goal) -> dict[str, Any]:
        language = get_language()
        counts: GoalCounts = self.context["counts"]
        return {
            "number": instance.number,
            "short": instance.short(language),
            "title": instance.title(language),
            "short_en": instance.short_en,
            "title_en": instance.title_en,
            "short_zh_hans": instance.short_zh_hans,
            "title_zh_hans": instance.title_zh_hans,
            "target_count": len(instance.targets),
            "counts": counts.for_goal(instance.number),
        }


class GoalDetailSerializer(GoalSerializer):
    targets = TargetSerializer(many=True)

    def to_representation(self, instance: Goal) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["targets"] = TargetSerializer(instance.targets, many=True).data
        return data


class LocalTargetSerializer(serializers.ModelSerializer):
    organisation: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = LocalTarget
        fields = [
            "id",
            "organisation",
            "goal",
            "global_target",
            "code",
            "title",
            "description",
            "indicator",
            "target_year",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LocalTargetInputSerializer(serializers.Serializer):
    organisation = serializers.SlugField(help_text="Slug of the organisation (on create).")
    goal = serializers.IntegerField(min_value=1, max_value=17)
    global_target = serializers.CharField(max_length=5, required=False, allow_blank=True)
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    indicator = serializers.CharField(max_length=300, required=False, allow_blank=True)
    target_year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, allow_null=True
    )


class LocalTargetUpdateSerializer(LocalTargetInputSerializer):
    organisation = None  # type: ignore[assignment]


def _goal(number: int) -> Goal:
    goal = sdg_goal(number)
    if goal is None:
        raise Http404
    return goal


class GoalListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=GoalSerializer(many=True),
        summary="The 17 Sustainable Development Goals, with what is tagged with each",
        operation_id="sdg_goals_list",
    )
    def get(self, request: Request) -> Response:
        context = {"counts": goal_counts()}
        return Response(GoalSerializer(sdg_goals(), many=True, context=context).data)


class GoalDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=GoalDetailSerializer,
        summary="One goal with its global targets",
        operation_id="sdg_goals_retrieve",
    )
    def get(self, request: Request, number: int) -> Response:
        goal = _goal(number)
        context = {"counts": goal_counts()}
        return Response(GoalDetailSerializer(goal, context=context).data)


class GoalTargetsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=TargetSerializer(many=True),
        summary="The global targets of one goal, in official order",
        operation_id="sdg_goal_targets_list",
    )
    def get(self, request: Request, number: int) -> Response:
        return Response(TargetSerializer(_goal(number).targets, many=True).data)


class _PublicReadWrite:
    throttle_scope = "writes"

    def get_permissions(self) -> list[Any]:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):  # type: ignore[attr-defined]
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self) -> list[Any]:
        throttles = super().get_throttles()  # type: ignore[misc]
        if self.request.method in ("GET", "HEAD", "OPTIONS"):  # type: ignore[attr-defined]
            return [t for t in throttles if t.__class__.__name__ != "ScopedRateThrottle"]
        return list(throttles)


class LocalTargetListView(_PublicReadWrite, generics.GenericAPIView):
    serializer_class = LocalTargetSerializer

    def get_queryset(self) -> QuerySet[LocalTarget]:
        if getattr(self, "swagger_fake_view", False):
            return LocalTarget.objects.none()
        params = self.request.query_params
        raw_goal = params.get("goal")
        goal = goal_param(raw_goal)
        targets = local_target_list(goal=goal, organisation_slug=params.get("organisation"))
        return targets.none() if raw_goal not in (None, "") and goal is None else targets

    @extend_schema(
        parameters=[
            OpenApiParameter("goal", int, description="Only this goal's local targets (1-17)."),
            OpenApiParameter("organisation", str, description="Slug of an organisation."),
        ],
        summary="Local SDG targets of organisations",
        operation_id="sdg_local_targets_list",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(LocalTargetSerializer(page, many=True).data)

    @extend_schema(
        request=LocalTargetInputSerializer,
        responses={201: LocalTargetSerializer},
        summary="Add a local target (the organisation's officials)",
        operation_id="sdg_local_targets_create",
    )
    def post(self, request: Request) -> Response:
        serializer = LocalTargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = get_object_or_404(Organisation, slug=data.pop("organisation"))
        if not request.user.has_perm("sdg.manage_localtarget", organisation):
            raise ApiPermissionDenied
        target = local_target_create(actor=acting_user(request), organisation=organisation, **data)
        return Response(LocalTargetSerializer(target).data, status=status.HTTP_201_CREATED)


class LocalTargetDetailView(_PublicReadWrite, APIView):
    def _target(self, pk: int) -> LocalTarget:
        return get_object_or_404(local_target_list(), pk=pk)

    def _writable(self, request: Request, pk: int) -> LocalTarget:
        target = self._target(pk)
        if not request.user.has_perm("sdg.manage_localtarget", target):
            raise ApiPermissionDenied
        return target

    @extend_schema(responses=LocalTargetSerializer, operation_id="sdg_local_targets_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        return Response(LocalTargetSerializer(self._target(pk)).data)

    @extend_schema(
        request=LocalTargetUpdateSerializer,
        responses=LocalTargetSerializer,
        summary="Change a local target (the organisation's officials)",
        operation_id="sdg_local_targets_partial_update",
    )
    def patch(self, request: Request, pk: int) -> Response:
        target = self._writable(request, pk)
        serializer = LocalTargetUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        target = local_target_update(
            actor=acting_user(request), target=target, **serializer.validated_data
        )
        return Response(LocalTargetSerializer(self._target(target.pk)).data)

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Delete a local target (the organisation's officials)",
        operation_id="sdg_local_targets_destroy",
    )
    def delete(self, request: Request, pk: int) -> Response:
        local_target_delete(actor=acting_user(request), target=self._writable(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
