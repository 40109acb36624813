"""API for rounds, proposals, supports, comments, assessment and ballots."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from budgeting.api.ballot_payloads import ballot_choices_plain, receipt_payload
from budgeting.api.serializers import (
    AssessmentInputSerializer,
    AttachmentSerializer,
    BallotDecisionInputSerializer,
    BallotInputSerializer,
    BallotSerializer,
    CommentSerializer,
    DeskBallotInputSerializer,
    EligibilitySerializer,
    ItemInputSerializer,
    ItemSerializer,
    PaperBatchInputSerializer,
    PhaseInputSerializer,
    ReceiptSerializer,
    RoundSerializer,
)
from budgeting.models import Budget, Item, PaperBatch, Round
from budgeting.selectors.ballots import ballot_items
from budgeting.selectors.cast_reads import budget_for_ballot
from budgeting.selectors.eligibility import voting_eligibility
from budgeting.selectors.rounds import (
    item_detail_queryset,
    item_list,
    round_list,
    round_visible_to,
)
from budgeting.services.assessment import assessment_record, ballot_decide
from budgeting.services.ballot_validation import ChoiceInput, ballot_summary
from budgeting.services.ballots import (
    ballot_cast,
    ballot_of,
    paper_batch_confirm,
    paper_batch_enter,
    paper_voter_mark,
)
from budgeting.services.items import (
    item_attach,
    item_comment,
    item_submit,
    item_support,
    item_unsupport,
    item_update,
    item_withdraw,
)
from budgeting.services.rounds import round_phase_set
from civic.accounts.selectors.users import user_by_email
from civic.errors import DomainError, PermissionDenied
from civic.http import acting_user
from civic.sdg.filters import SDG_PARAMETER, sdg_filter_param


def _require(request: Request, permission: str, obj: Any) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _field(request: Request, name: str) -> str:
    data: Any = request.data
    return str(data.get(name, "")) if hasattr(data, "get") else ""


def _choices(data: list[dict[str, Any]]) -> list[ChoiceInput]:
    return [
        ChoiceInput(item_id=c["item"], points=c.get("points", 1), rank=c.get("rank")) for c in data
    ]


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Budgeting rounds; drafts only for their organisation's staff."""

    permission_classes = [AllowAny]
    serializer_class = RoundSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Round]:
        return round_list(user=self.request.user)

    @extend_schema(responses=EligibilitySerializer, summary="May I vote, and where?")
    @action(detail=True, methods=["get"], permission_classes=[AllowAny])
    def eligibility(self, request: Request, slug: str) -> Response:
        round = self.get_object()
        answer = voting_eligibility(user=request.user, round=round)
        return Response(
            EligibilitySerializer(
                {
                    "allowed": answer.allowed,
                    "reason": answer.reason,
                    "budgets": [b.pk for b in answer.budgets],
                    "one_budget_only": answer.exclusive,
                }
            ).data
        )

    @extend_schema(
        request=PhaseInputSerializer,
        responses=RoundSerializer,
        summary="Move the round to a later phase (officials)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def phase(self, request: Request, slug: str) -> Response:
        round = self.get_object()
        _require(request, "budgeting.manage_round", round)
        serializer = PhaseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round = round_phase_set(
            actor=acting_user(request), round=round, phase=serializer.validated_data["phase"]
        )
        return Response(RoundSerializer(round_list(user=request.user).get(pk=round.pk)).data)

    @extend_schema(
        request=ItemInputSerializer,
        responses={200: ItemSerializer(many=True), 201: ItemSerializer},
        parameters=[SDG_PARAMETER],
        summary="List proposals, or submit one",
    )
    @action(detail=True, methods=["get", "post"], permission_classes=[AllowAny])
    def items(self, request: Request, slug: str) -> Response:
        round = self.get_object()
        if request.method == "POST":
            user = acting_user(request)
            serializer = ItemInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            budget = Budget.objects.filter(round=round, pk=data.pop("budget")).first()
            if budget is None:
                raise DomainError(_("Choose one of this round's budgets."), field="budget")
            item = item_submit(author=user, round=round, budget=budget, **data)
            return Response(
                ItemSerializer(item_detail_queryset().get(pk=item.pk)).data,
                status=status.HTTP_201_CREATED,
            )
        items = item_list(round=round)
        if budget_id := request.query_params.get("budget"):
            items = items.filter(budget_id=budget_id) if budget_id.isdigit() else items.none()
        if request.query_params.get("on_ballot") in ("true", "1"):
            items = items.filter(on_ballot=True)
        items = sdg_filter_param(items, request.query_params.get("sdg"))
        page = self.paginate_queryset(items)
        return self.get_paginated_response(ItemSerializer(page, many=True).data)


class ItemViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One proposal: read by all, edited by its author, assessed by staff."""

    permission_classes = [AllowAny]
    serializer_class = ItemSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Item]:
        return item_detail_queryset().exclude(round__phase="draft")

    @extend_schema(
        request=ItemInputSerializer,
        responses=ItemSerializer,
        summary="Edit my proposal while submission is open",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        serializer = ItemInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "budget" in data:
            data["budget"] = Budget.objects.filter(round=item.round, pk=data["budget"]).first()
        item_update(actor=acting_user(request), item=item, **data)
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=None, responses=ItemSerializer, summary="Withdraw my proposal")
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def withdraw(self, request: Request, pk: str) -> Response:
        item = item_withdraw(actor=acting_user(request), item=self.get_object())
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=None, responses={204: None}, summary="Support, or stop supporting")
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def support(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        if request.method == "POST":
            item_support(user=acting_user(request), item=item)
        else:
            item_unsupport(user=acting_user(request), item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=CommentSerializer,
        responses=CommentSerializer(many=True),
        summary="Comments on a proposal",
    )
    @action(detail=True, methods=["get", "post"], permission_classes=[AllowAny])
    def comments(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        if request.method == "POST":
            serializer = CommentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = item_comment(
                author=acting_user(request), item=item, body=serializer.validated_data["body"]
            )
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = item.comments.filter(hidden=False).select_related("author")
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "title": {"type": "string"},
                },
            }
        },
        responses={201: AttachmentSerializer},
        summary="Add an image or PDF to my proposal",
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated],
        parser_classes=[MultiPartParser],
    )
    def attachments(self, request: Request, pk: str) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError(_("Choose a file."), field="file")
        attachment = item_attach(
            actor=acting_user(request),
            item=self.get_object(),
            upload=upload,
            title=_field(request, "title"),
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssessmentInputSerializer,
        responses=ItemSerializer,
        summary="Record feasibility and cost (assessors)",
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def assessment(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        _require(request, "budgeting.assess_item", item.round)
        serializer = AssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment_record(actor=acting_user(request), item=item, **serializer.validated_data)
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(
        request=BallotDecisionInputSerializer,
        responses=ItemSerializer,
        summary="Put a proposal on the ballot, or leave it off (officials)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="ballot-decision",
        permission_classes=[IsAuthenticated],
    )
    def ballot_decision(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        _require(request, "budgeting.manage_round", item.round)
        serializer = BallotDecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ballot_decide(actor=acting_user(request), item=item, **serializer.validated_data)
        return Response(ItemSerializer(self.get_queryset().get(pk=item.pk)).data)


class BallotView(APIView):
    """My ballot in one budget: read it, or cast/replace it while voting is open."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    def _budget(self, budget_id: int) -> Budget:
        budget = budget_for_ballot(budget_id=budget_id)
        if budget is None:
            raise Http404
        return budget

    @extend_schema(responses=BallotSerializer, summary="My current ballot")
    def get(self, request: Request, budget_id: int) -> Response:
        budget = self._budget(budget_id)
        if not round_visible_to(user=request.user, round=budget.round):
            raise Http404
        choices = ballot_of(voter=acting_user(request), budget=budget)
        inputs = [ChoiceInput(c.item_id, c.points, c.rank) for c in choices]
        summary = ballot_summary(budget=budget, items=ballot_items(budget=budget), choices=inputs)
        return Response(
            BallotSerializer(
                {
                    "budget": budget.pk,
                    "total_cost": summary.cost,
                    "remaining": summary.remaining,
                    "choices": [
                        {"item": c.item_id, "points": c.points, "rank": c.rank} for c in choices
                    ],
                }
            ).data
        )

    @extend_schema(
        request=BallotInputSerializer,
        responses=ReceiptSerializer,
        summary="Cast or replace my ballot",
    )
    def put(self, request: Request, budget_id: int) -> Response:
        # A plain JSON ballot is read without the serializer's per-request work; anything
        # else gets the serializer's conversions and errors (ballot_payloads.py).
        choices = ballot_choices_plain(request.data)
        if choices is None:
            serializer = BallotInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            choices = _choices(serializer.validated_data["choices"])
        receipt = ballot_cast(
            voter=acting_user(request), budget=self._budget(budget_id), choices=choices
        )
        return Response(receipt_payload(receipt))


class DeskBallotView(APIView):
    """A desk official records the ballot of a resident identified in person."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(
        request=DeskBallotInputSerializer,
        responses=ReceiptSerializer,
        summary="Record an assisted ballot at a desk (officials)",
    )
    def post(self, request: Request, budget_id: int) -> Response:
        budget = get_object_or_404(
            Budget.objects.select_related("round", "round__organisation", "area"), pk=budget_id
        )
        _require(request, "budgeting.record_paper_ballot", budget.round)
        serializer = DeskBallotInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        voter = user_by_email(email=serializer.validated_data["voter"])
        if voter is None:
            raise DomainError(_("No account uses this email address."), field="voter")
        receipt = ballot_cast(
            voter=voter,
            budget=budget,
            channel="desk",
            recorded_by=acting_user(request),
            choices=_choices(serializer.validated_data["choices"]),
        )
        return Response(
            ReceiptSerializer(
                {
                    "receipt": receipt.code,
                    "budget": receipt.budget_id,
                    "replaced": receipt.replaced,
                    "channel": receipt.channel,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class PaperVoterView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: None},
        summary="Check a resident off the roll for a paper ballot (officials)",
    )
    def post(self, request: Request, budget_id: int) -> Response:
        budget = get_object_or_404(Budget.objects.select_related("round"), pk=budget_id)
        _require(request, "budgeting.record_paper_ballot", budget.round)
        voter = user_by_email(email=_field(request, "voter"))
        if voter is None:
            raise DomainError(_("No account uses this email address."), field="voter")
        paper_voter_mark(actor=acting_user(request), voter=voter, budget=budget)
        return Response(status=status.HTTP_201_CREATED)


class PaperBatchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PaperBatchInputSerializer,
        responses={201: None},
        summary="Enter the counts of a box of paper ballots (officials)",
    )
    def post(self, request: Request, budget_id: int) -> Response:
        budget = get_object_or_404(Budget.objects.select_related("round"), pk=budget_id)
        _require(request, "budgeting.record_paper_ballot", budget.round)
        serializer = PaperBatchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        counts = {}
        for key, value in data["counts"].items():
            if not str(key).isdigit():
                raise DomainError(_("Counts are keyed by proposal id."), field="counts")
            counts[int(key)] = value
        batch = paper_batch_enter(
            actor=acting_user(request),
            budget=budget,
            label=data["label"],
            ballots=data["ballots"],
            counts=counts,
        )
        return Response({"id": batch.pk, "status": batch.status}, status=status.HTTP_201_CREATED)


class PaperBatchConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None, responses={200: None}, summary="Confirm a paper batch (a second official)"
    )
    def post(self, request: Request, batch_id: int) -> Response:
        batch = get_object_or_404(PaperBatch.objects.select_related("budget__round"), pk=batch_id)
        _require(request, "budgeting.record_paper_ballot", batch.budget.round)
        batch = paper_batch_confirm(actor=acting_user(request), batch=batch)
        return Response({"id": batch.pk, "status": batch.status})
