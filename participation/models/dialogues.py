"""Open dialogues: statements people vote on, threaded replies, moderation, official
responses and the opinion map snapshots computed from the votes.

A person takes part in a dialogue as a ``DialogueParticipant`` (a per-dialogue pseudonym
unless the dialogue is for verified residents). Votes, replies and reports belong to the
participant, so deleting an account keeps the contributions without the person.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation


class DialoguePhase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SEED = "seed", _("Seeding statements")
    OPEN = "open", _("Open for votes")
    RESPOND = "respond", _("Official responses")
    CLOSED = "closed", _("Closed")


class IdentityMode(models.TextChoices):
    PSEUDONYMOUS = "pseudonymous", _("Pseudonymous (anyone signed in)")
    VERIFIED = "verified", _("Verified residents only")


class ModerationMode(models.TextChoices):
    POST = "post", _("Statements appear at once and are reviewed after")
    PRE = "pre", _("Statements appear after review")


class Dialogue(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="dialogues",
        verbose_name=_("organisation"),
    )
    question = models.CharField(_("question"), max_length=300)
    framing = models.TextField(_("framing text"), blank=True)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="dialogues", verbose_name=_("areas concerned")
    )
    sdg_goals = models.JSONField(_("SDG goals"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    identity_mode = models.CharField(
        _("who may take part"),
        max_length=16,
        choices=IdentityMode.choices,
        default=IdentityMode.PSEUDONYMOUS,
    )
    moderation_mode = models.CharField(
        _("moderation"), max_length=8, choices=ModerationMode.choices, default=ModerationMode.POST
    )
    statement_max_length = models.PositiveSmallIntegerField(
        _("statement length limit (characters)"), default=140
    )
    participants_may_add = models.BooleanField(_("participants may add statements"), default=True)
    auto_hide_reports = models.PositiveSmallIntegerField(
        _("hide for review after this many reports"), default=3
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=DialoguePhase.choices, default=DialoguePhase.DRAFT
    )
    seed_starts_at = models.DateTimeField(_("seeding starts"), null=True, blank=True)
    opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    responds_at = models.DateTimeField(_("voting closes, responses begin"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Debounce of the opinion map refresh: set when a refresh is queued, cleared by the task.
    map_refresh_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statement_max_length__gte=20) & Q(statement_max_length__lte=1000),
                name="dialogue_statement_length_range",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(responds_at__isnull=True)
                | Q(opens_at__lt=F("responds_at")),
                name="dialogue_opens_before_responds",
            ),
            models.CheckConstraint(
                condition=Q(responds_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(responds_at__lte=F("closes_at")),
                name="dialogue_responds_before_closes",
            ),
        ]
        indexes = [models.Index(fields=["phase", "opens_at"])]

    def __str__(self) -> str:
        return self.question

    @property
    def voting_open(self) -> bool:
        return self.phase == DialoguePhase.OPEN

    @property
    def is_public(self) -> bool:
        return self.phase != DialoguePhase.DRAFT


class DialogueSettings(models.Model):
    """How an organisation runs its dialogues (defaults apply when it has no row)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="dialogue_settings",
        verbose_name=_("organisation"),
    )
    residents_may_open = models.BooleanField(
        _("verified residents may open dialogues"),
        default=False,
        help_text=_("Residents verified in the city may open and edit their own dialogues."),
    )
    representative_weighting = models.BooleanField(
        _("weight the opinion map to the census"),
        default=True,
        help_text=_(
            "When area populations or the census allow it, opinion maps also show figures "
            "weighted to the city's population by area and age band."
        ),
    )

    class Meta:
        verbose_name = _("dialogue settings")
        verbose_name_plural = _("dialogue settings")

    def __str__(self) -> str:
        return str(self.organisation)


class DialogueParticipant(models.Model):
    """A person in one dialogue: their pseudonym there and whether they are blocked."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dialogue_participations",
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=60)
    blocked_at = models.DateTimeField(null=True, blank=True)
    blocked_reason = models.CharField(_("reason for the block"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue participant")
        verbose_name_plural = _("dialogue participants")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "user"], name="dialogue_participant_unique"
            ),
            models.UniqueConstraint(
                fields=["dialogue", "pseudonym"], name="dialogue_pseudonym_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None


class StatementOrigin(models.TextChoices):
    SEED = "seed", _("Seeded by the organisers")
    PARTICIPANT = "participant", _("Added by a participant")
    REPLY = "reply", _("Promoted from a reply")
    ROOM = "room", _("Raised in a meeting")


class ContentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REPORTED = "reported", _("Hidden after reports, waiting for review")


class Statement(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=1000)
    origin = models.CharField(
        _("origin"), max_length=12, choices=StatementOrigin.choices, default=StatementOrigin.SEED
    )
    author = models.ForeignKey(
        DialogueParticipant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    seeded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ContentStatus.choices, default=ContentStatus.PUBLISHED
    )
    is_meta = models.BooleanField(
        _("about the dialogue itself"),
        default=False,
        help_text=_("Meta statements are shown often but do not shape the opinion map."),
    )
    public_reason = models.CharField(_("public moderation reason"), max_length=300, blank=True)
    promoted_from = models.OneToOneField(
        "StatementReply",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promoted_to",
    )
    meeting = models.ForeignKey(
        "participation.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements_raised",
    )
    report_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["id"]
        indexes = [models.Index(fields=["dialogue", "status"])]

    def __str__(self) -> str:
        return self.text

    @property
    def is_visible(self) -> bool:
        return self.status == ContentStatus.PUBLISHED


class VoteChoice(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("Online")
    MEETING = "meeting", _("In a meeting")


class StatementVote(models.Model):
    """One person's current vote on one statement (voting again replaces it)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        DialogueParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=VoteChoice.choices)
    important = models.BooleanField(_("important to me"), default=False)
    channel = models.CharField(
        _("channel"), max_length=8, choices=VoteChannel.choices, default=VoteChannel.ONLINE
    )
    meeting = models.ForeignKey(
        "participation.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vote on a statement")
        verbose_name_plural = _("votes on statements")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="statement_vote_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(value__in=[-1, 0, 1]), name="statement_vote_value_range"
            ),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(meeting__isnull=False),
                name="statement_vote_meeting_channel_has_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.statement_id}: {self.value}"


class Stance(models.TextChoices):
    FOR = "for", _("For")
    NEUTRAL = "neutral", _("Neutral")
    AGAINST = "against", _("Against")


class StatementReply(models.Model):
    """A reply under a statement; a reply to a reply is the deepest level (depth 2)."""

    MAX_DEPTH = 2

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="replies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    author = models.ForeignKey(
        DialogueParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stance = models.CharField(_("stance"), max_length=8, choices=Stance.choices)
    body = models.TextField(_("reply"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ContentStatus.choices, default=ContentStatus.PUBLISHED
    )
    public_reason = models.CharField(_("public moderation reason"), max_length=300, blank=True)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__gte=1) & Q(depth__lte=2), name="statement_reply_depth_range"
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or hateful")
    PERSONAL = "personal", _("Reveals personal data")
    OFF_TOPIC = "off_topic", _("Off topic")
    DUPLICATE = "duplicate", _("Duplicate of another statement")
    OTHER = "other", _("Something else")


class ContentReport(models.Model):
    """A participant's report of a statement or a reply."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="reports")
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reply = models.ForeignKey(
        StatementReply, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        DialogueParticipant, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(statement__isnull=False) & Q(reply__isnull=True))
                | (Q(statement__isnull=True) & Q(reply__isnull=False)),
                name="content_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "statement"],
                condition=Q(statement__isnull=False),
                name="content_report_once_per_statement",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reply__isnull=False),
                name="content_report_once_per_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.pk})"


class ModerationActionKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    AUTO_HIDE = "auto_hide", _("Hidden after reports, pending review")
    DISMISS = "dismiss", _("Reports dismissed")
    BLOCK = "block", _("Participant blocked")
    UNBLOCK = "unblock", _("Participant unblocked")
    PROMOTE = "promote", _("Reply promoted to a statement")
    MERGE = "merge", _("Merged into another statement")


class ModerationAction(models.Model):
    """The public moderation log of a dialogue (the moderator's name is not shown)."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="moderation_actions"
    )
    action = models.CharField(_("action"), max_length=10, choices=ModerationActionKind.choices)
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply = models.ForeignKey(
        StatementReply, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        DialogueParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"


class ResponseOutcome(models.TextChoices):
    ADOPT = "adopt", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    STUDY = "study", _("To be studied")
    DECLINE = "decline", _("Declined")


class OfficialResponse(models.Model):
    """The city's response to a statement, to a group's view, or to a topic."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="responses")
    statement = models.OneToOneField(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="response"
    )
    group_label = models.PositiveSmallIntegerField(_("opinion group"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=ResponseOutcome.choices)
    rationale = models.TextField(_("rationale"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statement__isnull=False) | Q(group_label__isnull=False) | ~Q(topic=""),
                name="official_response_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.rationale[:60]}"


class OpinionMapSnapshot(models.Model):
    """One immutable run of the opinion map (``data`` is ``OpinionMapSnapshot.to_dict()``)."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="opinion_snapshots"
    )
    data = models.JSONField()
    n_participants = models.PositiveIntegerField(default=0)
    n_statements = models.PositiveIntegerField(default=0)
    n_votes = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("opinion map snapshot")
        verbose_name_plural = _("opinion map snapshots")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.dialogue_id} @ {self.created_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("opinion map snapshots are immutable")
        super().save(*args, **kwargs)
