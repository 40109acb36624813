"""The meetings API under /api/v1/meetings/: list, create, registration, room votes."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import acting_user
from civic.places.models import Area, Organisation
from participation.api.dialogue_serializers import (
    AmendmentInputSerializer,
    AmendmentSerializer,
    AmendmentWindowInputSerializer,
    AttendanceInputSerializer,
    HandCountInputSerializer,
    HandCountSerializer,
    MeetingCancelInputSerializer,
    MeetingInputSerializer,
    MeetingRoomSerializer,
    MeetingSerializer,
    MeetingSessionInputSerializer,
    MinutesFinalInputSerializer,
    MinutesInputSerializer,
    RegistrationSerializer,
    RoomStatementInputSerializer,
    RoomStatementSerializer,
    RoomVoteInputSerializer,
    VoteSerializer,
)
from participation.api.dialogues import _Public, _valid
from participation.models import (
    Dialogue,
    Meeting,
    MeetingHandCount,
    RegistrationStatus,
    Statement,
)
from participation.services.meetings import (
    amendment_add,
    attendance_record,
    hand_count_record,
    meeting_cancel,
    meeting_create,
    meeting_ics,
    meeting_update,
    minutes_finalise,
    minutes_open_amendments,
    minutes_save,
    registration_add,
    registration_cancel,
    room_statement_record,
    room_vote,
    session_close,
    session_open,
)


def meeting_queryset() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("organisation")
        .prefetch_related("agenda")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
    )


class MeetingListView(_Public, generics.GenericAPIView):
    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        meetings = meeting_queryset().order_by("starts_at", "id")
        dialogue = self.request.query_params.get("dialogue")
        if dialogue and dialogue.isdigit():
            meetings = meetings.filter(dialogue_id=int(dialogue))
        return meetings

    @extend_schema(summary="Meetings, soonest first", operation_id="meetings_list")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(request=MeetingInputSerializer, responses={201: MeetingSerializer})
    def post(self, request: Request) -> Response:
        data = _valid(MeetingInputSerializer, request.data)
        organisation = get_object_or_404(Organisation, slug=data.pop("organisation"))
        if not request.user.has_perm("participation.add_meeting", organisation):
            raise ApiPermissionDenied
        data = _meeting_input(data)
        meeting = meeting_create(actor=acting_user(request), organisation=organisation, **data)
        return Response(
            MeetingSerializer(meeting_queryset().get(pk=meeting.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _meeting_input(data: dict[str, Any]) -> dict[str, Any]:
    """Ids to objects; statements of the agenda are checked by the service."""
    if data.get("dialogue"):
        data["dialogue"] = get_object_or_404(Dialogue, pk=data["dialogue"])
    elif "dialogue" in data:
        data["dialogue"] = None
    if data.get("area"):
        data["area"] = get_object_or_404(Area, pk=data["area"])
    elif "area" in data:
        data["area"] = None
    if "agenda" in data:
        data["agenda"] = [
            (
                str(item.get("title") or ""),
                get_object_or_404(Statement, pk=item["statement"])
                if item.get("statement")
                else None,
            )
            for item in data["agenda"]
        ]
    return data


def meeting_get(request: Request, pk: int, permission: str) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("organisation", "dialogue"), pk=pk)
    if not request.user.has_perm(permission, meeting):
        raise ApiPermissionDenied
    return meeting


class MeetingDetailView(_Public, APIView):
    @extend_schema(responses=MeetingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingSerializer(get_object_or_404(meeting_queryset(), pk=pk)).data)

    @extend_schema(
        request=MeetingInputSerializer,
        responses=MeetingSerializer,
        summary="Change a meeting (an agenda given replaces the whole agenda)",
    )
    def patch(self, request: Request, pk: int) -> Response:
        meeting = meeting_get(request, pk, "participation.change_meeting")
        data = _valid(MeetingInputSerializer, request.data, partial=True)
        data.pop("organisation", None)
        meeting_update(actor=acting_user(request), meeting=meeting, **_meeting_input(data))
        return Response(MeetingSerializer(meeting_queryset().get(pk=meeting.pk)).data)


class MeetingCancelView(APIView):
    throttle_scope = "writes"

    @extend_schema(request=MeetingCancelInputSerializer, responses=MeetingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        meeting = meeting_get(request, pk, "participation.change_meeting")
        data = _valid(MeetingCancelInputSerializer, request.data)
        meeting_cancel(actor=acting_user(request), meeting=meeting, reason=data["reason"])
        return Response(MeetingSerializer(meeting_queryset().get(pk=meeting.pk)).data)


# --- the facilitator's tools --------------------------------------------------------------


class _Facilitator(APIView):
    throttle_scope = "writes"

    def meeting(self, request: Request, pk: int) -> Meeting:
        return meeting_get(request, pk, "participation.facilitate_meeting")


class MeetingRoomView(_Facilitator):
    @extend_schema(responses=MeetingRoomSerializer, summary="The room as the facilitator sees it")
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingRoomSerializer(self.meeting(request, pk)).data)


class MeetingSessionView(_Facilitator):
    @extend_schema(
        request=MeetingSessionInputSerializer,
        responses=MeetingRoomSerializer,
        summary="Open (with a fresh session code) or close voting in the room",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(MeetingSessionInputSerializer, request.data)
        action = session_open if data["open"] else session_close
        return Response(
            MeetingRoomSerializer(action(actor=acting_user(request), meeting=meeting)).data
        )


class RoomStatementView(_Facilitator):
    @extend_schema(
        request=RoomStatementInputSerializer,
        responses={201: RoomStatementSerializer},
        summary="Record a statement raised in the room",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(RoomStatementInputSerializer, request.data)
        statement = room_statement_record(
            actor=acting_user(request), meeting=meeting, text=data["text"]
        )
        return Response(RoomStatementSerializer(statement).data, status=status.HTTP_201_CREATED)


class HandCountView(_Facilitator):
    @extend_schema(responses=HandCountSerializer(many=True), summary="Hand counts of a meeting")
    def get(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        counts = MeetingHandCount.objects.filter(meeting=meeting).select_related("statement")
        return Response(HandCountSerializer(counts.order_by("statement_id"), many=True).data)

    @extend_schema(
        request=HandCountInputSerializer,
        responses=HandCountSerializer,
        summary="Record (or correct) the hand count on a statement (channel = meeting)",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(HandCountInputSerializer, request.data)
        statement = get_object_or_404(Statement, pk=data.pop("statement"))
        count = hand_count_record(
            actor=acting_user(request), meeting=meeting, statement=statement, **data
        )
        return Response(HandCountSerializer(count).data)


class AttendanceView(_Facilitator):
    @extend_schema(request=AttendanceInputSerializer, responses=MeetingRoomSerializer)
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(AttendanceInputSerializer, request.data)
        meeting = attendance_record(
            actor=acting_user(request), meeting=meeting, count=data["count"]
        )
        return Response(MeetingRoomSerializer(meeting).data)


class MinutesView(_Facilitator):
    @extend_schema(
        request=MinutesInputSerializer,
        responses=MeetingRoomSerializer,
        summary="Write the draft minutes (also during the amendment window)",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(MinutesInputSerializer, request.data)
        meeting = minutes_save(actor=acting_user(request), meeting=meeting, text=data["text"])
        return Response(MeetingRoomSerializer(meeting).data)


class AmendmentWindowView(_Facilitator):
    @extend_schema(
        request=AmendmentWindowInputSerializer,
        responses=MeetingRoomSerializer,
        summary="Open the draft minutes for amendments until a date",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(AmendmentWindowInputSerializer, request.data)
        meeting = minutes_open_amendments(
            actor=acting_user(request), meeting=meeting, until=data["until"]
        )
        return Response(MeetingRoomSerializer(meeting).data)


class MinutesFinalView(_Facilitator):
    @extend_schema(
        request=MinutesFinalInputSerializer,
        responses=MeetingRoomSerializer,
        summary="Make the minutes final (optionally with their final text)",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = self.meeting(request, pk)
        data = _valid(MinutesFinalInputSerializer, request.data)
        meeting = minutes_finalise(
            actor=acting_user(request), meeting=meeting, text=data.get("text")
        )
        return Response(MeetingRoomSerializer(meeting).data)


class AmendmentListView(APIView):
    throttle_scope = "writes"

    @extend_schema(
        responses=AmendmentSerializer(many=True), summary="Proposed amendments (facilitators)"
    )
    def get(self, request: Request, pk: int) -> Response:
        meeting = meeting_get(request, pk, "participation.facilitate_meeting")
        return Response(AmendmentSerializer(meeting.amendments.order_by("id"), many=True).data)

    @extend_schema(
        request=AmendmentInputSerializer,
        responses={201: AmendmentSerializer},
        summary="Propose an amendment to the minutes (people registered for the meeting)",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = get_object_or_404(Meeting, pk=pk)
        data = _valid(AmendmentInputSerializer, request.data)
        amendment = amendment_add(user=acting_user(request), meeting=meeting, body=data["body"])
        return Response(AmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED)


class MeetingRegistrationView(APIView):
    throttle_scope = "writes"

    def _meeting(self, request: Request, pk: int) -> Meeting:
        meeting = get_object_or_404(Meeting, pk=pk)
        if not request.user.has_perm("participation.register_meeting", meeting):
            raise ApiPermissionDenied
        return meeting

    @extend_schema(request=None, responses={201: RegistrationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        registration = registration_add(
            user=acting_user(request), meeting=self._meeting(request, pk)
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        registration_cancel(user=acting_user(request), meeting=self._meeting(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingCalendarView(_Public, APIView):
    @extend_schema(responses={(200, "text/calendar"): str}, summary="iCalendar (RFC 5545)")
    def get(self, request: Request, pk: int) -> Any:
        meeting = get_object_or_404(Meeting, pk=pk)
        body = meeting_ics(meeting=meeting, domain=request.get_host().split(":")[0])
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


class RoomVoteView(APIView):
    throttle_scope = "writes"

    @extend_schema(
        request=RoomVoteInputSerializer,
        responses=VoteSerializer,
        summary="Vote in the room with the meeting's session code (channel = meeting)",
    )
    def post(self, request: Request) -> Response:
        data = _valid(RoomVoteInputSerializer, request.data)
        statement = get_object_or_404(
            Statement.objects.select_related("dialogue"), pk=data["statement"]
        )
        if not request.user.has_perm("participation.take_part_dialogue", statement.dialogue):
            raise ApiPermissionDenied
        vote = room_vote(
            user=acting_user(request),
            code=data["code"],
            statement=statement,
            value=int(data["value"]),
            important=data["important"],
        )
        return Response(VoteSerializer(vote).data)
