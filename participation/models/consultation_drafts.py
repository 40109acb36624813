"""Draft texts (a plan, a by-law) in published versions, commented and rated by paragraph.

Comments and ratings stay on the paragraph of the version they were made on; a new
version gets new paragraphs, and the diff between versions is computed, not stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participation.models.consultations import Consultation


class ConsultationDraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="draft_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    source = models.TextField(_("text (Markdown)"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("draft text version")
        verbose_name_plural = _("draft text versions")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultation_draft_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class ConsultationParagraph(models.Model):
    version = models.ForeignKey(
        ConsultationDraftVersion, on_delete=models.CASCADE, related_name="paragraphs"
    )
    position = models.PositiveSmallIntegerField()
    section = models.CharField(_("section"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    text_html = models.TextField(editable=False)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="consultation_paragraph_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"§{self.position} {self.text[:40]}"


class ConsultationParagraphComment(models.Model):
    paragraph = models.ForeignKey(
        ConsultationParagraph, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason"), max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")
        ordering = ["paragraph", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ConsultationParagraphRating(models.Model):
    class Value(models.IntegerChoices):
        DISAGREE = -1, _("Disagree")
        NEUTRAL = 0, _("Unsure")
        AGREE = 1, _("Agree")

    paragraph = models.ForeignKey(
        ConsultationParagraph, on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(_("rating"), choices=Value.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paragraph rating")
        verbose_name_plural = _("paragraph ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "user"], name="consultation_paragraph_one_rating"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=-1) & Q(value__lte=1), name="consultation_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph_id}: {self.value}"
