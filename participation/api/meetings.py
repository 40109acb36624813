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
    MeetingInputSerializer,
    MeetingSerializer,
    RegistrationSerializer,
    RoomVoteInputSerializer,
    VoteSerializer,
)
from participation.api.dialogues import _Public, _valid
from participation.models import Dialogue, Meeting, RegistrationStatus, Statement
from participation.services.meetings import (
    meeting_create,
    meeting_ics,
    registration_add,
    registration_cancel,
    room_vote,
)


def meeting_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("organisation").annotate(
        registered=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
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
        if data.get("dialogue"):
            data["dialogue"] = get_object_or_404(Dialogue, pk=data["dialogue"])
        if data.get("area"):
            data["area"] = get_object_or_404(Area, pk=data["area"])
        meeting = meeting_create(actor=acting_user(request), organisation=organisation, **data)
        return Response(
            MeetingSerializer(meeting_queryset().get(pk=meeting.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingDetailView(_Public, APIView):
    @extend_schema(responses=MeetingSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingSerializer(get_object_or_404(meeting_queryset(), pk=pk)).data)


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
