"""Serializers of the dialogues and meetings API. Output serializers read only fields and
annotations the selectors provide (no queries per row)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from participation.models import (
    ContentStatus,
    Dialogue,
    DialoguePhase,
    IdentityMode,
    Meeting,
    MeetingAgendaItem,
    MeetingHandCount,
    MeetingMode,
    MeetingRegistration,
    MinutesAmendment,
    ModerationAction,
    ModerationMode,
    OfficialResponse,
    OpinionMapSnapshot,
    ReportReason,
    ResponseOutcome,
    Stance,
    Statement,
    StatementReply,
    StatementVote,
    VoteChoice,
)


class DialogueSerializer(serializers.ModelSerializer[Dialogue]):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    statement_count = serializers.IntegerField(read_only=True)
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "organisation",
            "question",
            "framing",
            "sdg_goals",
            "languages",
            "identity_mode",
            "moderation_mode",
            "statement_max_length",
            "participants_may_add",
            "auto_hide_reports",
            "phase",
            "seed_starts_at",
            "opens_at",
            "responds_at",
            "closes_at",
            "closed_at",
            "statement_count",
            "participant_count",
        ]
        read_only_fields = fields


class DialogueInputSerializer(serializers.Serializer[dict[str, object]]):
    organisation = serializers.SlugField(required=False)
    question = serializers.CharField(max_length=300)
    framing = serializers.CharField(required=False, allow_blank=True)
    areas = serializers.ListField(child=serializers.IntegerField(), required=False)
    sdg_goals = serializers.ListField(child=serializers.IntegerField(), required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c, _n in settings.LANGUAGES]), required=False
    )
    identity_mode = serializers.ChoiceField(choices=IdentityMode.choices, required=False)
    moderation_mode = serializers.ChoiceField(choices=ModerationMode.choices, required=False)
    statement_max_length = serializers.IntegerField(required=False)
    participants_may_add = serializers.BooleanField(required=False)
    auto_hide_reports = serializers.IntegerField(required=False)
    seed_starts_at = serializers.DateTimeField(required=False, allow_null=True)
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    responds_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)


class DialoguePhaseInputSerializer(serializers.Serializer[dict[str, object]]):
    phase = serializers.ChoiceField(choices=DialoguePhase.choices)


class ResponseBriefSerializer(serializers.ModelSerializer[OfficialResponse]):
    class Meta:
        model = OfficialResponse
        fields = ["id", "outcome", "rationale", "due_date"]


class StatementSerializer(serializers.ModelSerializer[Statement]):
    n_agree = serializers.IntegerField(read_only=True)
    n_disagree = serializers.IntegerField(read_only=True)
    n_pass = serializers.IntegerField(read_only=True)
    n_replies = serializers.IntegerField(read_only=True)
    my_vote = serializers.IntegerField(read_only=True, allow_null=True, required=False)
    author = serializers.CharField(source="author.pseudonym", read_only=True, allow_null=True)
    response = ResponseBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "dialogue",
            "text",
            "origin",
            "author",
            "status",
            "is_meta",
            "created_at",
            "n_agree",
            "n_disagree",
            "n_pass",
            "n_replies",
            "my_vote",
            "response",
        ]
        read_only_fields = fields


class NextStatementSerializer(serializers.ModelSerializer[Statement]):
    class Meta:
        model = Statement
        fields = ["id", "dialogue", "text", "is_meta"]
        read_only_fields = fields


class StatementInputSerializer(serializers.Serializer[dict[str, object]]):
    text = serializers.CharField(max_length=1000)
    is_meta = serializers.BooleanField(
        required=False, default=False, help_text="Organisers only: a meta statement."
    )


class ImportInputSerializer(serializers.Serializer[dict[str, object]]):
    file = serializers.FileField(help_text="CSV with a 'text' column (and optionally 'meta').")


class VoteInputSerializer(serializers.Serializer[dict[str, object]]):
    value = serializers.ChoiceField(
        choices=VoteChoice.choices, help_text="1 agree, -1 disagree, 0 pass"
    )
    important = serializers.BooleanField(required=False, default=False)


class RoomVoteInputSerializer(VoteInputSerializer):
    code = serializers.CharField(max_length=12)
    statement = serializers.IntegerField()


class VoteSerializer(serializers.ModelSerializer[StatementVote]):
    statement_text = serializers.CharField(source="statement.text", read_only=True)

    class Meta:
        model = StatementVote
        fields = [
            "id",
            "statement",
            "statement_text",
            "value",
            "important",
            "channel",
            "meeting",
            "updated_at",
        ]
        read_only_fields = fields


class ReplySerializer(serializers.ModelSerializer[StatementReply]):
    author = serializers.CharField(source="author.pseudonym", read_only=True, allow_null=True)

    class Meta:
        model = StatementReply
        fields = [
            "id",
            "statement",
            "parent",
            "depth",
            "author",
            "stance",
            "body",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class ReplyInputSerializer(serializers.Serializer[dict[str, object]]):
    stance = serializers.ChoiceField(choices=Stance.choices)
    body = serializers.CharField(max_length=2000)
    parent = serializers.IntegerField(required=False, allow_null=True)  # type: ignore[assignment]


class ReportInputSerializer(serializers.Serializer[dict[str, object]]):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ReportSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    content_status = serializers.ChoiceField(choices=ContentStatus.choices)


class ModerateInputSerializer(serializers.Serializer[dict[str, object]]):
    action = serializers.ChoiceField(choices=["hide", "restore", "dismiss", "promote", "block"])
    public_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ModerationActionSerializer(serializers.ModelSerializer[ModerationAction]):
    participant = serializers.CharField(
        source="participant.pseudonym", read_only=True, allow_null=True
    )

    class Meta:
        model = ModerationAction
        fields = [
            "id",
            "action",
            "statement",
            "reply",
            "participant",
            "public_reason",
            "created_at",
        ]
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer[OfficialResponse]):
    class Meta:
        model = OfficialResponse
        fields = [
            "id",
            "dialogue",
            "statement",
            "group_label",
            "topic",
            "outcome",
            "rationale",
            "due_date",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ResponseInputSerializer(serializers.Serializer[dict[str, object]]):
    statement = serializers.IntegerField(required=False, allow_null=True)
    group_label = serializers.IntegerField(required=False, allow_null=True)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=ResponseOutcome.choices)
    rationale = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True)


class SnapshotSerializer(serializers.ModelSerializer[OpinionMapSnapshot]):
    map = serializers.JSONField(
        source="data", help_text="The opinion map (see participation/opinion_map/snapshot.py)."
    )

    class Meta:
        model = OpinionMapSnapshot
        fields = [
            "id",
            "dialogue",
            "created_at",
            "n_participants",
            "n_statements",
            "n_votes",
            "map",
        ]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer[MeetingAgendaItem]):
    class Meta:
        model = MeetingAgendaItem
        fields = ["position", "title", "statement"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    registered = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organisation",
            "dialogue",
            "area",
            "title",
            "description",
            "mode",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "status",
            "cancelled_reason",
            "registered",
            "waiting",
            "attendance_count",
            "minutes_status",
            "minutes",
            "amendments_until",
            "agenda",
        ]
        read_only_fields = fields


class AgendaItemInputSerializer(serializers.Serializer[dict[str, object]]):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    statement = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class MeetingInputSerializer(serializers.Serializer[dict[str, object]]):
    organisation = serializers.SlugField()
    dialogue = serializers.IntegerField(required=False, allow_null=True)
    area = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    mode = serializers.ChoiceField(choices=MeetingMode.choices)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_url = serializers.URLField(required=False, allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1_000_000
    )
    agenda = AgendaItemInputSerializer(many=True, required=False)


class MeetingCancelInputSerializer(serializers.Serializer[dict[str, object]]):
    reason = serializers.CharField(max_length=300)


class MeetingSessionInputSerializer(serializers.Serializer[dict[str, object]]):
    open = serializers.BooleanField()


class MeetingRoomSerializer(serializers.ModelSerializer[Meeting]):
    """What the facilitator sees: the session code and the state of the minutes."""

    class Meta:
        model = Meeting
        fields = [
            "id",
            "session_open",
            "session_code",
            "attendance_count",
            "minutes_status",
            "minutes",
            "amendments_until",
            "minutes_final_at",
        ]
        read_only_fields = fields


class RoomStatementInputSerializer(serializers.Serializer[dict[str, object]]):
    text = serializers.CharField(max_length=1000)


class RoomStatementSerializer(serializers.ModelSerializer[Statement]):
    class Meta:
        model = Statement
        fields = ["id", "dialogue", "text", "origin", "status", "meeting", "created_at"]
        read_only_fields = fields


class HandCountInputSerializer(serializers.Serializer[dict[str, object]]):
    statement = serializers.IntegerField(min_value=1)
    agree = serializers.IntegerField(min_value=0, max_value=100_000)
    disagree = serializers.IntegerField(min_value=0, max_value=100_000)
    passed = serializers.IntegerField(min_value=0, max_value=100_000)


class HandCountSerializer(serializers.ModelSerializer[MeetingHandCount]):
    statement_text = serializers.CharField(source="statement.text", read_only=True)

    class Meta:
        model = MeetingHandCount
        fields = ["statement", "statement_text", "agree", "disagree", "passed", "created_at"]
        read_only_fields = fields


class AttendanceInputSerializer(serializers.Serializer[dict[str, object]]):
    count = serializers.IntegerField(min_value=0, max_value=1_000_000)


class MinutesInputSerializer(serializers.Serializer[dict[str, object]]):
    text = serializers.CharField(max_length=100_000)


class MinutesFinalInputSerializer(serializers.Serializer[dict[str, object]]):
    text = serializers.CharField(max_length=100_000, required=False)


class AmendmentWindowInputSerializer(serializers.Serializer[dict[str, object]]):
    until = serializers.DateTimeField()


class AmendmentInputSerializer(serializers.Serializer[dict[str, object]]):
    body = serializers.CharField(max_length=4000)


class AmendmentSerializer(serializers.ModelSerializer[MinutesAmendment]):
    class Meta:
        model = MinutesAmendment
        fields = ["id", "body", "created_at"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer[MeetingRegistration]):
    class Meta:
        model = MeetingRegistration
        fields = ["id", "meeting", "status", "created_at"]
        read_only_fields = fields
