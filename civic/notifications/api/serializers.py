"""API shapes of the feed, preferences and devices."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers

from civic.notifications.kinds import Channel, kind_label
from civic.notifications.models import Device, Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind = serializers.CharField(source="event.kind")
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField(source="event.title")
    url = serializers.CharField(source="event.url")
    subject_type = serializers.CharField(source="event.subject_type")
    subject_id = serializers.IntegerField(source="event.subject_id")
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "url",
            "subject_type",
            "subject_id",
            "created_at",
            "read_at",
            "unread",
        ]

    def get_kind_label(self, obj: Notification) -> str:
        return kind_label(obj.event.kind)

    def get_unread(self, obj: Notification) -> bool:
        return obj.read_at is None


class UnreadCountSerializer(serializers.Serializer[dict[str, int]]):
    unread = serializers.IntegerField()


class KindPreferenceSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField()
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    channel = serializers.ChoiceField(choices=Channel.choices)
    default_channel = serializers.CharField(read_only=True)


class PreferencesSerializer(serializers.Serializer[dict[str, Any]]):
    kinds = KindPreferenceSerializer(many=True)
    muted = serializers.BooleanField()
    quiet_start = serializers.TimeField(allow_null=True)
    quiet_end = serializers.TimeField(allow_null=True)
    area_ids = serializers.ListField(child=serializers.IntegerField())


class PreferencesUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    channels = serializers.DictField(
        child=serializers.ChoiceField(choices=Channel.choices), required=False
    )
    muted = serializers.BooleanField(required=False)
    quiet_start = serializers.TimeField(allow_null=True, required=False)
    quiet_end = serializers.TimeField(allow_null=True, required=False)
    area_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class DeviceSerializer(serializers.ModelSerializer[Device]):
    class Meta:
        model = Device
        fields = ["id", "platform", "token", "name", "created_at", "last_seen_at"]
        read_only_fields = ["id", "created_at", "last_seen_at"]
        extra_kwargs: ClassVar[dict[str, Any]] = {"token": {"validators": []}}
