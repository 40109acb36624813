"""The consultations API under /api/v1/consultations/ (same services as the pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from civic.errors import DomainError
from civic.http import acting_user
from civic.places.models import Organisation
from civic.sdg.filters import SDG_PARAMETER, sdg_filter_param
from participation.api.consultation_serializers import (
    ConsultationAnswerInputSerializer,
    ConsultationAnswerItemInputSerializer,
    ConsultationAnswerItemSerializer,
    ConsultationAnswerSerializer,
    ConsultationAnswersInputSerializer,
    ConsultationAttachmentInputSerializer,
    ConsultationAttachmentSerializer,
    ConsultationCommentInputSerializer,
    ConsultationCommentSerializer,
    ConsultationDiffBlockSerializer,
    ConsultationDraftVersionDetailSerializer,
    ConsultationDraftVersionInputSerializer,
    ConsultationDraftVersionSerializer,
    ConsultationInputSerializer,
    ConsultationModerationInputSerializer,
    ConsultationMyResponseSerializer,
    ConsultationQuestionInputSerializer,
    ConsultationQuestionSerializer,
    ConsultationRatingInputSerializer,
    ConsultationResultsSerializer,
    ConsultationSerializer,
    ConsultationTextAnswerSerializer,
)
from participation.models import (
    Consultation,
    ConsultationAnswer,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationQuestion,
    ConsultationStatus,
    ConsultationTextAnswer,
)
from participation.selectors.consultation_results import (
    consultation_results,
    results_as_data,
    text_answer_list,
)
from participation.selectors.consultations import (
    comment_list,
    consultation_detail,
    consultation_list,
    draft_version_with_paragraphs,
    draft_versions,
    question_list,
)
from participation.services import consultation_questions as questions_service
from participation.services.consultation_answers import (
    answer_item_add,
    answer_save,
    consultation_answer_publish,
)
from participation.services.consultation_drafts import (
    comment_moderate,
    draft_version_publish,
    paragraph_comment_add,
    paragraph_rate,
    text_answer_moderate,
)
from participation.services.consultation_responses import (
    response_current,
    response_draft_save,
    response_submit,
)
from participation.services.consultation_text import draft_diff, draft_split
from participation.services.consultations import (
    attachment_add,
    consultation_close,
    consultation_create,
    consultation_follow,
    consultation_open,
    consultation_schedule,
    consultation_unfollow,
    consultation_update,
)

PK = OpenApiParameter("id", int, OpenApiParameter.PATH)


def consultation_get(request: Request, pk: Any, permission: str) -> Consultation:
    """Object-level permission: 404 for what one may not see, 403 for what one may not do."""
    try:
        consultation = consultation_detail(pk=int(pk))
    except (Consultation.DoesNotExist, ValueError):
        raise Http404 from None
    if not request.user.has_perm("participation.view_consultation", consultation):
        raise Http404
    if not request.user.has_perm(permission, consultation):
        raise ApiPermissionDenied
    return consultation


class ConsultationViewSet(viewsets.GenericViewSet):
    """Consultations: public reads; officials write; residents respond."""

    serializer_class = ConsultationSerializer
    throttle_scope = "writes"
    filterset_fields: list[str] = []

    def get_permissions(self) -> list[Any]:
        public = ("list", "retrieve", "results", "versions", "version", "diff", "comments",
                  "text_answers", "answer", "questions")  # fmt: skip
        if self.action in public and self.request.method == "GET":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self) -> list[Any]:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [
                t for t in super().get_throttles() if t.__class__.__name__ != "ScopedRateThrottle"
            ]
        return super().get_throttles()

    def get_queryset(self) -> QuerySet[Consultation]:
        if getattr(self, "swagger_fake_view", False):
            return Consultation.objects.none()
        status_filter = self.request.query_params.get("status")
        return consultation_list(
            user=self.request.user,
            status=status_filter if status_filter in ConsultationStatus.values else None,
        )

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=ConsultationStatus.values), SDG_PARAMETER],
        summary="Consultations you may see: your areas first, open first",
    )
    def list(self, request: Request) -> Response:
        consultations = sdg_filter_param(self.get_queryset(), request.query_params.get("sdg"))
        page = self.paginate_queryset(consultations)
        return self.get_paginated_response(ConsultationSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_consultation")
        return Response(ConsultationSerializer(consultation).data)

    @extend_schema(request=ConsultationInputSerializer, responses={201: ConsultationSerializer})
    def create(self, request: Request) -> Response:
        data = _valid(ConsultationInputSerializer, request.data)
        organisation = get_object_or_404(Organisation, slug=data.pop("organisation", ""))
        if not request.user.has_perm("participation.add_consultation", organisation):
            raise ApiPermissionDenied
        consultation = consultation_create(
            actor=acting_user(request), organisation=organisation, **data
        )
        return Response(
            ConsultationSerializer(consultation_detail(pk=consultation.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=ConsultationInputSerializer, responses=ConsultationSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.change_consultation")
        data = _valid(ConsultationInputSerializer, request.data, partial=True)
        data.pop("organisation", None)
        consultation_update(actor=acting_user(request), consultation=consultation, **data)
        return Response(ConsultationSerializer(consultation_detail(pk=consultation.pk)).data)

    def _transition(self, request: Request, pk: str, service: Any) -> Response:
        consultation = consultation_get(request, pk, "participation.change_consultation")
        service(actor=acting_user(request), consultation=consultation)
        return Response(ConsultationSerializer(consultation_detail(pk=consultation.pk)).data)

    @extend_schema(request=None, responses=ConsultationSerializer, summary="Draft -> scheduled")
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        return self._transition(request, pk, consultation_schedule)

    @extend_schema(request=None, responses=ConsultationSerializer, summary="Open now")
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str) -> Response:
        return self._transition(request, pk, consultation_open)

    @extend_schema(request=None, responses=ConsultationSerializer, summary="Close now")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._transition(request, pk, consultation_close)

    @extend_schema(methods=["POST", "DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.follow_consultation")
        if request.method == "DELETE":
            consultation_unfollow(user=acting_user(request), consultation=consultation)
        else:
            consultation_follow(user=acting_user(request), consultation=consultation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=ConsultationQuestionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ConsultationQuestionInputSerializer,
        responses={201: ConsultationQuestionSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def questions(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            consultation = consultation_get(request, pk, "participation.view_consultation")
            return Response(
                ConsultationQuestionSerializer(
                    question_list(consultation=consultation), many=True
                ).data
            )
        consultation = consultation_get(request, pk, "participation.change_consultation")
        data = _valid(ConsultationQuestionInputSerializer, request.data)
        data["condition_question"] = _question_or_none(consultation, data.get("condition_question"))
        question = questions_service.question_add(
            actor=acting_user(request),
            consultation=consultation,
            kind=data.pop("kind", ""),
            text=data.pop("text", ""),
            **data,
        )
        return Response(
            ConsultationQuestionSerializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["PATCH"],
        request=ConsultationQuestionInputSerializer,
        responses=ConsultationQuestionSerializer,
        parameters=[OpenApiParameter("question_id", int, OpenApiParameter.PATH)],
        summary="Change a question (after the first response: wording only, recorded)",
    )
    @extend_schema(
        methods=["DELETE"],
        responses={204: None},
        parameters=[OpenApiParameter("question_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"questions/(?P<question_id>\d+)")
    def question(self, request: Request, pk: str, question_id: str) -> Response:
        consultation = consultation_get(request, pk, "participation.change_consultation")
        question = get_object_or_404(
            ConsultationQuestion, pk=question_id, consultation=consultation
        )
        if request.method == "DELETE":
            questions_service.question_remove(actor=acting_user(request), question=question)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = _valid(ConsultationQuestionInputSerializer, request.data, partial=True)
        data.pop("position", None)
        if "condition_question" in data:
            data["condition_question"] = _question_or_none(consultation, data["condition_question"])
        question = questions_service.question_update(
            actor=acting_user(request), question=question, **data
        )
        return Response(ConsultationQuestionSerializer(question).data)

    @extend_schema(
        methods=["GET"], responses=ConsultationMyResponseSerializer, summary="Your response"
    )
    @extend_schema(
        methods=["PUT"],
        request=ConsultationAnswersInputSerializer,
        responses=ConsultationMyResponseSerializer,
        summary="Save unfinished answers (checked for type, not completeness)",
    )
    @extend_schema(
        methods=["POST"],
        request=ConsultationAnswersInputSerializer,
        responses={201: ConsultationMyResponseSerializer},
        summary="Submit your response (or replace it, where edits are allowed)",
    )
    @action(detail=True, methods=["get", "put", "post"], url_path="my-response")
    def my_response(self, request: Request, pk: str) -> Response:
        user = acting_user(request)
        if request.method == "GET":
            consultation = consultation_get(request, pk, "participation.view_consultation")
        else:
            consultation = consultation_get(request, pk, "participation.view_consultation")
            data = _valid(ConsultationAnswersInputSerializer, request.data)
            if request.method == "PUT":
                response_draft_save(user=user, consultation=consultation, answers=data["answers"])
            else:
                response_submit(user=user, consultation=consultation, answers=data["answers"])
        answers, state = response_current(consultation=consultation, user=user)
        code = status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK
        return Response({"state": state, "answers": answers}, status=code)

    @extend_schema(
        responses=ConsultationResultsSerializer, summary="Results with suppressed breakdowns"
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_results_consultation")
        return Response(results_as_data(consultation_results(consultation=consultation)))

    @extend_schema(
        responses=ConsultationTextAnswerSerializer(many=True), summary="Free-text answers"
    )
    @action(detail=True, methods=["get"], url_path="text-answers")
    def text_answers(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_results_consultation")
        moderator = request.user.has_perm("participation.moderate_consultation", consultation)
        page = self.paginate_queryset(
            text_answer_list(consultation=consultation, show_hidden=moderator)
        )
        return self.get_paginated_response(ConsultationTextAnswerSerializer(page, many=True).data)

    @extend_schema(
        request=ConsultationModerationInputSerializer,
        responses=ConsultationTextAnswerSerializer,
        parameters=[OpenApiParameter("text_id", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["patch"], url_path=r"text-answers/(?P<text_id>[0-9a-f-]{36})")
    def text_answer(self, request: Request, pk: str, text_id: str) -> Response:
        consultation = consultation_get(request, pk, "participation.moderate_consultation")
        text = get_object_or_404(
            ConsultationTextAnswer, pk=text_id, question__consultation=consultation
        )
        data = _valid(ConsultationModerationInputSerializer, request.data)
        text_answer_moderate(actor=acting_user(request), text_answer=text, **data)
        return Response(ConsultationTextAnswerSerializer(text).data)

    @extend_schema(methods=["GET"], responses=ConsultationDraftVersionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ConsultationDraftVersionInputSerializer,
        responses={201: ConsultationDraftVersionDetailSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def versions(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            consultation = consultation_get(request, pk, "participation.view_consultation")
            return Response(
                ConsultationDraftVersionSerializer(
                    draft_versions(consultation=consultation), many=True
                ).data
            )
        consultation = consultation_get(request, pk, "participation.change_consultation")
        data = _valid(ConsultationDraftVersionInputSerializer, request.data)
        version = draft_version_publish(
            actor=acting_user(request), consultation=consultation, **data
        )
        detail = draft_version_with_paragraphs(consultation=consultation, number=version.number)
        return Response(
            ConsultationDraftVersionDetailSerializer(detail).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        responses=ConsultationDraftVersionDetailSerializer,
        parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH)],
        summary="A version of the draft text with its paragraphs and rating counts",
    )
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version(self, request: Request, pk: str, number: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_consultation")
        detail = draft_version_with_paragraphs(consultation=consultation, number=int(number))
        if detail is None:
            raise Http404
        return Response(ConsultationDraftVersionDetailSerializer(detail).data)

    @extend_schema(
        responses=ConsultationDiffBlockSerializer(many=True),
        parameters=[OpenApiParameter("from", int), OpenApiParameter("to", int)],
        summary="Differences between two versions of the draft text",
    )
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_consultation")
        versions = {v.number: v for v in draft_versions(consultation=consultation)}
        try:
            old = versions[int(request.query_params.get("from", "0"))]
            new = versions[int(request.query_params.get("to", "0"))]
        except (KeyError, ValueError):
            raise Http404 from None
        blocks = draft_diff(draft_split(old.source), draft_split(new.source))
        return Response(ConsultationDiffBlockSerializer(blocks, many=True).data)

    @extend_schema(
        methods=["GET"],
        responses=ConsultationCommentSerializer(many=True),
        parameters=[OpenApiParameter("paragraph_id", int, OpenApiParameter.PATH)],
    )
    @extend_schema(
        methods=["POST"],
        request=ConsultationCommentInputSerializer,
        responses={201: ConsultationCommentSerializer},
        parameters=[OpenApiParameter("paragraph_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True, methods=["get", "post"], url_path=r"paragraphs/(?P<paragraph_id>\d+)/comments"
    )
    def comments(self, request: Request, pk: str, paragraph_id: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_consultation")
        paragraph = _paragraph(consultation, paragraph_id)
        if request.method == "GET":
            moderator = request.user.has_perm("participation.moderate_consultation", consultation)
            page = self.paginate_queryset(comment_list(paragraph=paragraph, show_hidden=moderator))
            return self.get_paginated_response(ConsultationCommentSerializer(page, many=True).data)
        data = _valid(ConsultationCommentInputSerializer, request.data)
        comment = paragraph_comment_add(user=acting_user(request), paragraph=paragraph, **data)
        return Response(ConsultationCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ConsultationRatingInputSerializer,
        responses={204: None},
        parameters=[OpenApiParameter("paragraph_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["put"], url_path=r"paragraphs/(?P<paragraph_id>\d+)/rating")
    def rating(self, request: Request, pk: str, paragraph_id: str) -> Response:
        consultation = consultation_get(request, pk, "participation.view_consultation")
        data = _valid(ConsultationRatingInputSerializer, request.data)
        paragraph_rate(
            user=acting_user(request), paragraph=_paragraph(consultation, paragraph_id), **data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=ConsultationModerationInputSerializer,
        responses=ConsultationCommentSerializer,
        parameters=[OpenApiParameter("comment_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["patch"], url_path=r"comments/(?P<comment_id>\d+)")
    def comment(self, request: Request, pk: str, comment_id: str) -> Response:
        consultation = consultation_get(request, pk, "participation.moderate_consultation")
        comment = get_object_or_404(
            ConsultationParagraphComment,
            pk=comment_id,
            paragraph__version__consultation=consultation,
        )
        data = _valid(ConsultationModerationInputSerializer, request.data)
        comment_moderate(actor=acting_user(request), comment=comment, **data)
        return Response(ConsultationCommentSerializer(comment).data)

    @extend_schema(
        methods=["GET"], responses=ConsultationAnswerSerializer, summary="The official answer"
    )
    @extend_schema(
        methods=["PUT"],
        request=ConsultationAnswerInputSerializer,
        responses=ConsultationAnswerSerializer,
        summary="Write the official answer; publish=true makes it public (closed -> answered)",
    )
    @action(detail=True, methods=["get", "put"])
    def answer(self, request: Request, pk: str) -> Response:
        if request.method == "PUT":
            consultation = consultation_get(request, pk, "participation.answer_consultation")
            data = _valid(ConsultationAnswerInputSerializer, request.data)
            answer_save(actor=acting_user(request), consultation=consultation, body=data["body"])
            if data["publish"]:
                consultation_answer_publish(actor=acting_user(request), consultation=consultation)
        else:
            consultation = consultation_get(request, pk, "participation.view_consultation")
        answer = ConsultationAnswer.objects.filter(consultation=consultation).first()
        manager = request.user.has_perm("participation.answer_consultation", consultation)
        if answer is None or (answer.published_at is None and not manager):
            raise Http404
        items = consultation.answer_items.all()
        return Response(
            {
                "body": answer.body,
                "body_html": answer.body_html,
                "published_at": answer.published_at,
                "items": ConsultationAnswerItemSerializer(items, many=True).data,
            }
        )

    @extend_schema(
        request=ConsultationAnswerItemInputSerializer,
        responses={201: ConsultationAnswerItemSerializer},
    )
    @action(detail=True, methods=["post"], url_path="answer-items")
    def answer_items(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.answer_consultation")
        data = _valid(ConsultationAnswerItemInputSerializer, request.data)
        links: dict[str, Any] = {}
        if data.get("question"):
            links["question"] = get_object_or_404(ConsultationQuestion, pk=data["question"])
        if data.get("paragraph"):
            links["paragraph"] = get_object_or_404(ConsultationParagraph, pk=data["paragraph"])
        if data.get("comment"):
            links["comment"] = get_object_or_404(ConsultationParagraphComment, pk=data["comment"])
        item = answer_item_add(
            actor=acting_user(request),
            consultation=consultation,
            you_said=data["you_said"],
            we_did=data["we_did"],
            outcome=data["outcome"],
            reason=data["reason"],
            **links,
        )
        return Response(ConsultationAnswerItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": ConsultationAttachmentInputSerializer},
        responses={201: ConsultationAttachmentSerializer},
        summary="Attach a file (type checked by content, 10 MB at most)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def attachments(self, request: Request, pk: str) -> Response:
        consultation = consultation_get(request, pk, "participation.change_consultation")
        data = _valid(ConsultationAttachmentInputSerializer, request.data)
        attachment = attachment_add(actor=acting_user(request), consultation=consultation, **data)
        return Response(
            ConsultationAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


def _valid(serializer_class: Any, data: Any, *, partial: bool = False) -> dict[str, Any]:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _question_or_none(
    consultation: Consultation, question_id: int | None
) -> ConsultationQuestion | None:
    if not question_id:
        return None
    question = ConsultationQuestion.objects.filter(
        pk=question_id, consultation=consultation
    ).first()
    if question is None:
        raise DomainError(
            "There is no such question in this consultation.", field="condition_question"
        )
    return question


def _paragraph(consultation: Consultation, paragraph_id: str) -> ConsultationParagraph:
    return get_object_or_404(
        ConsultationParagraph.objects.select_related("version__consultation"),
        pk=paragraph_id,
        version__consultation=consultation,
    )
