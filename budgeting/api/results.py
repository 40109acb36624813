"""API: results per budget, anonymised ballots, receipt check; compute/publish for officials."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgeting.models import Budget, Result
from budgeting.selectors import results as sel
from budgeting.services.results import result_compute_later, result_publish
from civic.api_pagination import PagePagination
from civic.api_permissions import HasObjectPermission
from civic.http import acting_user


class ResultLineSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    title = serializers.CharField(source="item.title")
    votes = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=16, decimal_places=4)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    share_of_budget = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    selected = serializers.BooleanField()
    position = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    budget = serializers.IntegerField(source="budget_id")
    rule = serializers.CharField()
    completion = serializers.CharField()
    rule_explanation = serializers.CharField()
    ballots_counted = serializers.IntegerField()
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    computed_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    lines = ResultLineSerializer(many=True)
    steps = serializers.ListField(child=serializers.DictField())
    dropped = serializers.ListField(child=serializers.DictField())
    turnout = serializers.DictField()


def result_payload(result: Result, budget: Budget) -> dict[str, Any]:
    lines = sel.result_lines(result)
    for line in lines:
        line.share_of_budget = sel.share_of_budget(line, budget)  # type: ignore[attr-defined]
    return {
        "budget_id": budget.pk,
        "rule": result.rule,
        "completion": result.completion,
        "rule_explanation": result.explanation.get("text", ""),
        "ballots_counted": result.ballots_counted,
        "spent": result.spent,
        "amount": budget.amount,
        "currency": budget.round.currency,
        "computed_at": result.computed_at,
        "published_at": result.published_at,
        "lines": lines,
        "steps": result.explanation.get("steps", []),
        "dropped": result.explanation.get("dropped", []),
        "turnout": result.turnout,
    }


def _budget(budget_id: int) -> Budget:
    return get_object_or_404(
        Budget.objects.select_related("round", "round__organisation", "area"), pk=budget_id
    )


class ResultView(APIView):
    """The result of one budget: published for everyone, computed drafts for officials."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ResultSerializer, summary="Result of a budget")
    def get(self, request: Request, budget_id: int) -> Response:
        budget = _budget(budget_id)
        can_manage = request.user.has_perm("budgeting.manage_round", budget.round)
        result = sel.result_of(budget, include_unpublished=can_manage)
        if result is None:
            raise Http404
        return Response(ResultSerializer(result_payload(result, budget)).data)


class _OfficialAction(APIView):
    permission_classes = [IsAuthenticated, HasObjectPermission]
    object_permission = "budgeting.manage_round"
    throttle_scope = "writes"

    def _budget(self, request: Request, budget_id: int) -> Budget:
        budget = _budget(budget_id)
        self.check_object_permissions(request, budget.round)
        return budget


class ResultComputeView(_OfficialAction):
    @extend_schema(
        request=None,
        responses={200: ResultSerializer, 202: None},
        summary="Compute (or recount) a budget's result",
    )
    def post(self, request: Request, budget_id: int) -> Response:
        budget = self._budget(request, budget_id)
        if result_compute_later(actor=acting_user(request), budget=budget):
            return Response({"status": "queued"}, status=202)
        result = Result.objects.get(budget=budget)
        return Response(ResultSerializer(result_payload(result, budget)).data)


class ResultPublishView(_OfficialAction):
    @extend_schema(request=None, responses=ResultSerializer, summary="Publish a budget's result")
    def post(self, request: Request, budget_id: int) -> Response:
        budget = self._budget(request, budget_id)
        result = result_publish(actor=acting_user(request), budget=budget)
        return Response(ResultSerializer(result_payload(result, budget)).data)


class ChoiceSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    title = serializers.CharField()
    points = serializers.IntegerField()
    rank = serializers.IntegerField(allow_null=True)


class AnonymisedBallotSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    choices = ChoiceSerializer(many=True)


class AnonymisedBallotsView(APIView):
    """Every ballot of a closed budget, numbered in a random order; nothing about voters."""

    permission_classes = [AllowAny]
    pagination_class = PagePagination

    @extend_schema(
        responses=AnonymisedBallotSerializer(many=True),
        summary="Anonymised ballots of a closed budget",
    )
    def get(self, request: Request, budget_id: int) -> Response:
        budget = _budget(budget_id)
        if not sel.ballots_public(budget):
            raise Http404
        paginator = PagePagination()
        page = paginator.paginate_queryset(sel.anonymised_ballots(budget), request, view=self)
        assert page is not None and paginator.page is not None
        start = paginator.page.start_index()
        rows = sel.ballot_rows(page, start=start)
        return paginator.get_paginated_response(AnonymisedBallotSerializer(rows, many=True).data)


class ReceiptInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)


class ReceiptCheckSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    counted = serializers.BooleanField()
    budget = serializers.IntegerField(allow_null=True)
    number = serializers.IntegerField(allow_null=True)
    choices = ChoiceSerializer(many=True)


class ReceiptCheckView(APIView):
    """Check a receipt code: is the ballot stored, and (after the close) counted as what."""

    permission_classes = [AllowAny]
    throttle_scope = "writes"

    @extend_schema(
        request=ReceiptInputSerializer,
        responses=ReceiptCheckSerializer,
        summary="Check a ballot receipt",
    )
    def post(self, request: Request) -> Response:
        serializer = ReceiptInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        check = sel.receipt_check(serializer.validated_data["code"])
        return Response(
            ReceiptCheckSerializer(
                {
                    "found": check.found,
                    "counted": check.public,
                    "budget": check.budget.pk if check.budget else None,
                    "number": check.number,
                    "choices": list(check.choices),
                }
            ).data
        )
