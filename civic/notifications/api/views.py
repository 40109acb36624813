"""/api/v1/notifications/: the feed for mobile clients, preferences, devices for push."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.http import acting_user
from civic.notifications.api.serializers import (
    DeviceSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    PreferencesUpdateSerializer,
    UnreadCountSerializer,
)
from civic.notifications.kinds import kinds
from civic.notifications.models import AreaSubscription, Device, Notification
from civic.notifications.selectors.notifications import notification_feed, unread_count
from civic.notifications.services.events import area_subscriptions_set
from civic.notifications.services.feed import (
    device_register,
    device_remove,
    notification_mark_read,
    notifications_mark_all_read,
)
from civic.notifications.services.preferences import (
    channels_for,
    preferences_update,
    settings_for,
)
from civic.places.models import Area


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Notification]):
    """The signed-in person's notifications, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no person
            return Notification.objects.none()
        return notification_feed(user=acting_user(self.request))

    @extend_schema(responses=UnreadCountSerializer, summary="How many are unread")
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": unread_count(user=acting_user(request))})

    @extend_schema(request=None, responses=NotificationSerializer, summary="Mark one as read")
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        person = acting_user(request)
        get_object_or_404(Notification, pk=pk, user=person)
        notification_mark_read(user=person, notification_id=int(pk))
        return Response(NotificationSerializer(notification_feed(user=person).get(pk=pk)).data)

    @extend_schema(request=None, responses=UnreadCountSerializer, summary="Mark all as read")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        person = acting_user(request)
        notifications_mark_all_read(user=person)
        return Response({"unread": unread_count(user=person)})


def _preferences(person: Any) -> dict[str, Any]:
    switches = settings_for(user=person)
    chosen = channels_for(user=person)
    return {
        "kinds": [
            {
                "kind": k.kind,
                "label": str(k.label),
                "channel": chosen[k.kind],
                "default_channel": k.default_channel,
            }
            for k in kinds()
        ],
        "muted": switches.muted,
        "quiet_start": switches.quiet_start,
        "quiet_end": switches.quiet_end,
        "area_ids": sorted(
            AreaSubscription.objects.filter(user=person).values_list("area_id", flat=True)
        ),
    }


class PreferencesView(APIView):
    """Channels per event kind, global mute, quiet hours, area subscriptions."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(responses=PreferencesSerializer, summary="My notification preferences")
    def get(self, request: Request) -> Response:
        return Response(PreferencesSerializer(_preferences(acting_user(request))).data)

    @extend_schema(
        request=PreferencesUpdateSerializer,
        responses=PreferencesSerializer,
        summary="Change my notification preferences",
    )
    def patch(self, request: Request) -> Response:
        person = acting_user(request)
        serializer = PreferencesUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        quiet = "quiet_start" in data or "quiet_end" in data
        preferences_update(
            user=person,
            channels=data.get("channels"),
            muted=data.get("muted"),
            quiet_start=data.get("quiet_start"),
            quiet_end=data.get("quiet_end"),
            quiet_hours=quiet,
        )
        if "area_ids" in data:
            area_subscriptions_set(
                user=person, areas=list(Area.objects.filter(pk__in=data["area_ids"]))
            )
        return Response(PreferencesSerializer(_preferences(person)).data)


class DeviceViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Device],
):
    """Devices of the signed-in person that may receive push notifications."""

    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticated]
    serializer_class = DeviceSerializer
    throttle_scope = "writes"

    def get_queryset(self) -> QuerySet[Device]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no person
            return Device.objects.none()
        return Device.objects.filter(user=acting_user(self.request)).order_by("-created_at")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DeviceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        device = device_register(
            user=acting_user(request),
            platform=serializer.validated_data["platform"],
            token=serializer.validated_data["token"],
            name=serializer.validated_data.get("name", ""),
        )
        return Response(DeviceSerializer(device).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        device = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        device_remove(user=acting_user(request), device_id=device.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
