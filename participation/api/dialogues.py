"""The dialogues API under /api/v1/dialogues/ (same services and selectors as the pages).

Object-level permissions: what one may not see answers 404, what one may not do 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import acting_user
from civic.places.models import Area, Organisation
from civic.sdg.filters import SDG_PARAMETER, sdg_filter_param
from participation.api.dialogue_serializers import (
    DialogueInputSerializer,
    DialoguePhaseInputSerializer,
    DialogueSerializer,
    ImportInputSerializer,
    ModerateInputSerializer,
    ModerationActionSerializer,
    NextStatementSerializer,
    ReplyInputSerializer,
    ReplySerializer,
    ReportInputSerializer,
    ReportSerializer,
    ResponseInputSerializer,
    ResponseSerializer,
    SnapshotSerializer,
    StatementInputSerializer,
    StatementSerializer,
    VoteInputSerializer,
    VoteSerializer,
)
from participation.models import (
    ContentStatus,
    Dialogue,
    DialoguePhase,
    Statement,
    StatementReply,
    StatementVote,
)
from participation.selectors.dialogues import (
    dialogue_detail,
    dialogue_list,
    moderation_log,
    moderation_queue,
    my_votes,
    next_statement,
    participant_of,
    response_list,
    snapshot_latest,
    statement_list,
)
from participation.services import moderation as moderation_service
from participation.services.dialogue_responses import response_publish
from participation.services.dialogues import (
    dialogue_create,
    dialogue_phase_set,
    dialogue_update,
    reply_add,
    statement_add,
    statement_seed,
    statements_import,
    vote_cast,
)


def _valid(serializer_class: Any, data: Any, *, partial: bool = False) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def dialogue_get(request: Request, pk: Any, permission: str) -> Dialogue:
    try:
        dialogue = dialogue_detail(pk=int(pk))
    except (Dialogue.DoesNotExist, ValueError):
        raise Http404 from None
    if not request.user.has_perm("participation.view_dialogue", dialogue):
        raise Http404
    if not request.user.has_perm(permission, dialogue):
        raise ApiPermissionDenied
    return dialogue


def statement_get(request: Request, pk: Any, permission: str) -> Statement:
    statement = get_object_or_404(Statement.objects.select_related("dialogue", "author"), pk=pk)
    dialogue = statement.dialogue
    if not request.user.has_perm("participation.view_dialogue", dialogue):
        raise Http404
    moderator = request.user.has_perm("participation.moderate_dialogue", dialogue)
    if statement.status != ContentStatus.PUBLISHED and not moderator:
        raise Http404
    if not request.user.has_perm(permission, dialogue):
        raise ApiPermissionDenied
    return statement


def _areas(organisation: Organisation, ids: list[int] | None) -> list[Area] | None:
    if ids is None:
        return None
    return list(Area.objects.filter(pk__in=ids))


class _Public:
    """GET is open to everyone; writes need a signed-in person (and are throttled)."""

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


PHASE = OpenApiParameter("phase", str, enum=DialoguePhase.values)


class DialogueListView(_Public, generics.GenericAPIView):
    serializer_class = DialogueSerializer

    def get_queryset(self) -> QuerySet[Dialogue]:
        if getattr(self, "swagger_fake_view", False):
            return Dialogue.objects.none()
        phase = self.request.query_params.get("phase")
        return dialogue_list(
            user=self.request.user, phase=phase if phase in DialoguePhase.values else None
        )

    @extend_schema(
        parameters=[PHASE, SDG_PARAMETER],
        summary="Dialogues you may see",
        operation_id="dialogues_list",
    )
    def get(self, request: Request) -> Response:
        dialogues = sdg_filter_param(self.get_queryset(), request.query_params.get("sdg"))
        page = self.paginate_queryset(dialogues)
        return self.get_paginated_response(DialogueSerializer(page, many=True).data)

    @extend_schema(request=DialogueInputSerializer, responses={201: DialogueSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(DialogueInputSerializer, request.data)
        organisation = get_object_or_404(Organisation, slug=data.pop("organisation", ""))
        if not request.user.has_perm("participation.add_dialogue", organisation):
            raise ApiPermissionDenied
        if "areas" in data:
            data["areas"] = _areas(organisation, data["areas"])
        dialogue = dialogue_create(actor=acting_user(request), organisation=organisation, **data)
        return Response(
            DialogueSerializer(dialogue_detail(pk=dialogue.pk)).data, status=status.HTTP_201_CREATED
        )


class DialogueDetailView(_Public, APIView):
    @extend_schema(responses=DialogueSerializer)
    def get(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.view_dialogue")
        return Response(DialogueSerializer(dialogue).data)

    @extend_schema(request=DialogueInputSerializer, responses=DialogueSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.edit_dialogue")
        data = _valid(DialogueInputSerializer, request.data, partial=True)
        data.pop("organisation", None)
        if "areas" in data:
            data["areas"] = _areas(dialogue.organisation, data["areas"])
        dialogue_update(actor=acting_user(request), dialogue=dialogue, **data)
        return Response(DialogueSerializer(dialogue_detail(pk=dialogue.pk)).data)


class DialoguePhaseView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=DialoguePhaseInputSerializer, responses=DialogueSerializer)
    def post(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.change_dialogue")
        data = _valid(DialoguePhaseInputSerializer, request.data)
        dialogue_phase_set(actor=acting_user(request), dialogue=dialogue, phase=data["phase"])
        return Response(DialogueSerializer(dialogue_detail(pk=dialogue.pk)).data)


class StatementListView(_Public, generics.GenericAPIView):
    serializer_class = StatementSerializer

    def get_queryset(self) -> QuerySet[Statement]:
        if getattr(self, "swagger_fake_view", False):
            return Statement.objects.none()
        dialogue = dialogue_get(self.request, self.kwargs["pk"], "participation.view_dialogue")
        participant = participant_of(dialogue=dialogue, user=self.request.user)
        return statement_list(dialogue=dialogue, participant=participant)

    @extend_schema(summary="Published statements with counts and your vote")
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(StatementSerializer(page, many=True).data)

    @extend_schema(
        request=StatementInputSerializer,
        responses={201: StatementSerializer},
        summary="Add a statement (participants) or seed one (organisers)",
    )
    def post(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.view_dialogue")
        data = _valid(StatementInputSerializer, request.data)
        user = acting_user(request)
        if user.has_perm("participation.change_dialogue", dialogue):
            statement = statement_seed(
                actor=user, dialogue=dialogue, text=data["text"], is_meta=data["is_meta"]
            )
        else:
            if not user.has_perm("participation.take_part_dialogue", dialogue):
                raise ApiPermissionDenied
            statement = statement_add(user=user, dialogue=dialogue, text=data["text"])
        found = statement_list(dialogue=dialogue).filter(pk=statement.pk).first()
        if found is None:  # pending review: not in the public list yet
            found = Statement.objects.select_related("author").get(pk=statement.pk)
            for name in ("n_agree", "n_disagree", "n_pass", "n_replies"):
                setattr(found, name, 0)
        return Response(StatementSerializer(found).data, status=status.HTTP_201_CREATED)


class StatementImportView(APIView):
    throttle_scope = "writes"
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer},
        responses={201: StatementSerializer(many=True)},
        summary="Seed statements from CSV (all or nothing; errors per row)",
    )
    def post(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.change_dialogue")
        data = _valid(ImportInputSerializer, request.data)
        added = statements_import(
            actor=acting_user(request), dialogue=dialogue, data=data["file"].read()
        )
        found = statement_list(dialogue=dialogue).filter(pk__in=[s.pk for s in added])
        return Response(StatementSerializer(found, many=True).data, status=status.HTTP_201_CREATED)


class NextStatementView(APIView):
    @extend_schema(
        responses={200: NextStatementSerializer, 204: OpenApiResponse(description="All voted")},
        summary="The next statement to vote on, in routing-priority order",
    )
    def get(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.view_dialogue")
        participant = participant_of(dialogue=dialogue, user=request.user)
        statement = next_statement(dialogue=dialogue, participant=participant)
        if statement is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(NextStatementSerializer(statement).data)


class MyVotesView(generics.GenericAPIView):
    serializer_class = VoteSerializer

    def get_queryset(self) -> QuerySet[StatementVote]:
        if getattr(self, "swagger_fake_view", False):
            return StatementVote.objects.none()
        dialogue = dialogue_get(self.request, self.kwargs["pk"], "participation.view_dialogue")
        participant = participant_of(dialogue=dialogue, user=self.request.user)
        if participant is None:
            return StatementVote.objects.none()
        return my_votes(participant=participant)

    @extend_schema(summary="Your votes in this dialogue, latest first")
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(VoteSerializer(page, many=True).data)


class VoteView(APIView):
    throttle_scope = "writes"

    @extend_schema(
        request=VoteInputSerializer,
        responses=VoteSerializer,
        summary="Vote on a statement (voting again replaces your vote)",
    )
    def post(self, request: Request, statement_pk: int) -> Response:
        statement = statement_get(request, statement_pk, "participation.take_part_dialogue")
        data = _valid(VoteInputSerializer, request.data)
        vote = vote_cast(
            user=acting_user(request),
            statement=statement,
            value=int(data["value"]),
            important=data["important"],
        )
        return Response(VoteSerializer(vote).data)


class ReplyListView(_Public, generics.GenericAPIView):
    serializer_class = ReplySerializer

    def get_queryset(self) -> QuerySet[StatementReply]:
        if getattr(self, "swagger_fake_view", False):
            return StatementReply.objects.none()
        statement = statement_get(
            self.request, self.kwargs["statement_pk"], "participation.view_dialogue"
        )
        return (
            StatementReply.objects.filter(statement=statement, status=ContentStatus.PUBLISHED)
            .select_related("author")
            .order_by("id")
        )

    @extend_schema(summary="Published replies under a statement (flat, with parent and depth)")
    def get(self, request: Request, statement_pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ReplySerializer(page, many=True).data)

    @extend_schema(request=ReplyInputSerializer, responses={201: ReplySerializer})
    def post(self, request: Request, statement_pk: int) -> Response:
        statement = statement_get(request, statement_pk, "participation.take_part_dialogue")
        data = _valid(ReplyInputSerializer, request.data)
        parent = None
        if data.get("parent"):
            parent = get_object_or_404(StatementReply, pk=data["parent"], statement=statement)
        reply = reply_add(
            user=acting_user(request),
            statement=statement,
            parent=parent,
            stance=data["stance"],
            body=data["body"],
        )
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)


def _report(request: Request, target: Statement | StatementReply) -> Response:
    data = _valid(ReportInputSerializer, request.data)
    report = moderation_service.report_add(
        user=acting_user(request), target=target, reason=data["reason"], note=data.get("note", "")
    )
    target.refresh_from_db(fields=["status"])
    return Response(
        ReportSerializer(
            {"id": report.pk, "reason": report.reason, "content_status": target.status}
        ).data,
        status=status.HTTP_201_CREATED,
    )


class StatementReportView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=ReportInputSerializer, responses={201: ReportSerializer})
    def post(self, request: Request, statement_pk: int) -> Response:
        statement = statement_get(request, statement_pk, "participation.take_part_dialogue")
        return _report(request, statement)


def reply_get(request: Request, pk: Any, permission: str) -> StatementReply:
    reply = get_object_or_404(
        StatementReply.objects.select_related("statement__dialogue", "author"), pk=pk
    )
    dialogue = reply.statement.dialogue
    if not request.user.has_perm("participation.view_dialogue", dialogue):
        raise Http404
    moderator = request.user.has_perm("participation.moderate_dialogue", dialogue)
    if reply.status != ContentStatus.PUBLISHED and not moderator:
        raise Http404
    if not request.user.has_perm(permission, dialogue):
        raise ApiPermissionDenied
    return reply


class ReplyReportView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=ReportInputSerializer, responses={201: ReportSerializer})
    def post(self, request: Request, reply_pk: int) -> Response:
        reply = reply_get(request, reply_pk, "participation.take_part_dialogue")
        return _report(request, reply)


def _moderate(request: Request, target: Statement | StatementReply) -> Response:
    data = _valid(ModerateInputSerializer, request.data)
    actor = acting_user(request)
    reason = data.get("public_reason", "")
    action = data["action"]
    if action == "hide":
        moderation_service.content_hide(actor=actor, target=target, public_reason=reason)
    elif action == "restore":
        moderation_service.content_restore(actor=actor, target=target, public_reason=reason)
    elif action == "dismiss":
        moderation_service.reports_dismiss(actor=actor, target=target)
    elif action == "block":
        if target.author is None:
            raise Http404
        moderation_service.participant_block(
            actor=actor, participant=target.author, public_reason=reason
        )
    elif action == "promote" and isinstance(target, StatementReply):
        statement = moderation_service.reply_promote(actor=actor, reply=target)
        return Response({"statement": statement.pk}, status=status.HTTP_201_CREATED)
    else:
        from civic.errors import DomainError

        raise DomainError("Only replies can be promoted.", field="action")
    return Response({"status": type(target).objects.get(pk=target.pk).status})


class StatementModerateView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=ModerateInputSerializer, responses={200: dict})
    def post(self, request: Request, statement_pk: int) -> Response:
        statement = statement_get(request, statement_pk, "participation.moderate_dialogue")
        return _moderate(request, statement)


class ReplyModerateView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=ModerateInputSerializer, responses={200: dict})
    def post(self, request: Request, reply_pk: int) -> Response:
        reply = reply_get(request, reply_pk, "participation.moderate_dialogue")
        return _moderate(request, reply)


class ModerationQueueView(APIView):
    @extend_schema(responses={200: dict}, summary="Pending and reported content (moderators)")
    def get(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.moderate_dialogue")
        queue = moderation_queue(dialogue=dialogue)
        return Response(
            {
                "statements": [
                    {
                        "id": s.pk,
                        "text": s.text,
                        "status": s.status,
                        "reports": len(s.reports.all()),
                    }
                    for s in queue["statements"]
                ],
                "replies": [
                    {
                        "id": r.pk,
                        "body": r.body,
                        "status": r.status,
                        "reports": len(r.reports.all()),
                    }
                    for r in queue["replies"]
                ],
            }
        )


class ModerationLogView(_Public, generics.GenericAPIView):
    serializer_class = ModerationActionSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return StatementVote.objects.none()
        dialogue = dialogue_get(self.request, self.kwargs["pk"], "participation.view_dialogue")
        return moderation_log(dialogue=dialogue)

    @extend_schema(summary="The public moderation log")
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ModerationActionSerializer(page, many=True).data)


class ResponseListView(_Public, generics.GenericAPIView):
    serializer_class = ResponseSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return StatementVote.objects.none()
        dialogue = dialogue_get(self.request, self.kwargs["pk"], "participation.view_dialogue")
        return response_list(dialogue=dialogue)

    @extend_schema(summary="Official responses")
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ResponseSerializer(page, many=True).data)

    @extend_schema(request=ResponseInputSerializer, responses={201: ResponseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.respond_dialogue")
        data = _valid(ResponseInputSerializer, request.data)
        statement = None
        statement_id = data.pop("statement", None)
        if statement_id:
            statement = get_object_or_404(Statement, pk=statement_id, dialogue=dialogue)
        response = response_publish(
            actor=acting_user(request), dialogue=dialogue, statement=statement, **data
        )
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class SnapshotView(_Public, APIView):
    @extend_schema(
        responses={200: SnapshotSerializer, 204: OpenApiResponse(description="No map yet")},
        summary="The latest opinion map snapshot",
    )
    def get(self, request: Request, pk: int) -> Response:
        dialogue = dialogue_get(request, pk, "participation.view_dialogue")
        snapshot = snapshot_latest(dialogue=dialogue)
        if snapshot is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(SnapshotSerializer(snapshot).data)


PARSERS = [JSONParser, FormParser, MultiPartParser]
