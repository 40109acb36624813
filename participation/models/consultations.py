"""Consultations: the process, its questionnaire, and the responses to it.

Anonymity: for an anonymous consultation the roll of who has responded
(``ConsultationParticipation``) and the answers (``ConsultationResponse``) are separate
tables with no foreign key, no shared timestamp and no ordered id between them. A
response carries a random UUID and, only if the consultation allows edits, an HMAC of
(consultation, person) under ``settings.RESPONSE_KEY``, a key kept out of the database.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ANSWERED = "answered", _("Answered")


class Audience(models.TextChoices):
    SIGNED_IN = "signed_in", _("Everyone signed in")
    RESIDENTS = "residents", _("Verified residents")
    AREA_RESIDENTS = "area_residents", _("Residents of given areas")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("Live, while the consultation is open")
    AFTER_CLOSE = "after_close", _("After the consultation closes")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("Under 18")
    B18 = "18-29", _("18 to 29")
    B30 = "30-44", _("30 to 44")
    B45 = "45-64", _("45 to 64")
    B65 = "65+", _("65 and over")
    UNKNOWN = "unknown", _("Not known")


class Consultation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="consultations", verbose_name=_("areas concerned")
    )
    sdg_goals = models.JSONField(_("SDG goals"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    audience = models.CharField(
        _("who may respond"), max_length=20, choices=Audience.choices, default=Audience.SIGNED_IN
    )
    audience_areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("audience areas")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous responses"), default=False)
    allow_edit = models.BooleanField(_("responses may be edited until close"), default=True)
    results_visibility = models.CharField(
        _("results shown"),
        max_length=12,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=F("closes_at")),
                name="consultation_opens_before_closes",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(min_age__lte=120),
                name="consultation_min_age_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "opens_at"]),
            models.Index(fields=["status", "closes_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="consultations/%Y/%m/")
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RANKING = "ranking", _("Ranking")
    RATING = "rating", _("Rating scale")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    MATRIX = "matrix", _("Matrix (rows on a scale)")
    BUDGET = "budget", _("Budget allocation")


class ConsultationQuestion(models.Model):
    """One question. ``config`` holds the kind's settings (options with stable keys,
    bounds); its shape is checked by ``participation.services.consultation_validation``.

    Conditional display: shown only if the answer to ``condition_question`` (an earlier
    choice question) includes one of ``condition_values`` (option keys).
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    condition_question = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dependants"
    )
    condition_values = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="consultation_question_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class ConsultationQuestionRevision(models.Model):
    """A wording fix made after responses exist: what it said before and after."""

    question = models.ForeignKey(
        ConsultationQuestion, on_delete=models.CASCADE, related_name="revisions"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["question", "changed_at", "id"]
        verbose_name = _("question wording fix")
        verbose_name_plural = _("question wording fixes")

    def __str__(self) -> str:
        return f"{self.question_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class ConsultationParticipation(models.Model):
    """The roll of who has responded: one row per person and consultation, nothing else.

    The unique constraint is the last line of defence for "one response per person".
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultation_one_response_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.user_id}"


class ConsultationResponseDraft(models.Model):
    """A person's unfinished answers ("save and come back"); deleted on submission."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="response_drafts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unfinished response")
        verbose_name_plural = _("unfinished responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultation_one_draft_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.user_id}"


class ConsultationResponse(models.Model):
    """Submitted answers. Anonymous responses have no user, no time and a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    # Identified consultations only; always NULL for anonymous ones.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Anonymous consultations that allow edits only: HMAC(RESPONSE_KEY, consultation:user).
    edit_key = models.CharField(  # noqa: DJ001 - NULL, not "", so that it can be unique
        max_length=64, null=True, blank=True, editable=False
    )
    answers = models.JSONField(default=dict)
    # For breakdowns (published only with small-cell suppression).
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_band = models.CharField(max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    # Identified consultations only: anonymous responses carry no time.
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="consultation_response_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["edit_key"],
                condition=Q(edit_key__isnull=False),
                name="consultation_response_edit_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


class ConsultationTextAnswer(models.Model):
    """A free-text answer, listed publicly once results show, unless a moderator hid it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="text_answers"
    )
    question = models.ForeignKey(
        ConsultationQuestion, on_delete=models.CASCADE, related_name="text_answers"
    )
    text = models.TextField()
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason"), max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("text answer")
        verbose_name_plural = _("text answers")
        ordering = ["question", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="consultation_text_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
