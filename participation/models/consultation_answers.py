"""The official answer: a published document and "you said, we did" entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models.consultation_drafts import (
    ConsultationParagraph,
    ConsultationParagraphComment,
)
from participation.models.consultations import Consultation, ConsultationQuestion


class ConsultationAnswer(models.Model):
    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="official_answer"
    )
    body = models.TextField(_("response document (Markdown)"))
    body_html = models.TextField(editable=False, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return str(self.consultation)


class ConsultationAnswerItem(models.Model):
    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="answer_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    you_said = models.TextField(_("you said"), max_length=2000)
    we_did = models.TextField(_("we did"), max_length=4000)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=4000)
    question = models.ForeignKey(
        ConsultationQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paragraph = models.ForeignKey(
        ConsultationParagraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey(
        ConsultationParagraphComment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("'you said, we did' entry")
        verbose_name_plural = _("'you said, we did' entries")
        ordering = ["consultation", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="consultation_answer_has_reason")
        ]

    def __str__(self) -> str:
        return self.you_said[:60]
