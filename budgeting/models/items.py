"""Proposals residents submit, their supports, comments, files and assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budgeting.models.rounds import Budget, Round


class ItemStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    MERGED = "merged", _("Merged into another proposal")


class Item(models.Model):
    """A proposal: what, where, and what it would cost."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="items", verbose_name=_("budget")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_items",
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    estimated_cost = models.DecimalField(_("estimated cost"), max_digits=14, decimal_places=2)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    sdg_goals = models.JSONField(_("SDG goals"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_items"
    )
    on_ballot = models.BooleanField(_("on the ballot"), default=False)
    ballot_decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    external_id = models.CharField(
        max_length=64, blank=True, help_text=_("Project id in an imported pabulib file.")
    )
    support_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "title", "pk"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["budget", "on_ballot"]),
            models.Index(fields=["author"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0), name="item_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="item_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="item_longitude_range",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="item_not_merged_self"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cost(self) -> object:
        """What the item costs on the ballot: the assessed cost once there is one."""
        assessment = getattr(self, "assessment", None)
        if assessment is not None and assessment.cost_estimate is not None:
            return assessment.cost_estimate
        return self.estimated_cost


class ItemAttachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="budgeting/items/%Y/%m/")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.title or str(self.file.name)


class ItemComment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=2000)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "created_at", "pk"]
        indexes = [models.Index(fields=["item", "created_at"])]

    def __str__(self) -> str:
        return self.body[:40]


class Support(models.Model):
    """A resident's support for a proposal in the supports phase."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="budget_supports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"support {self.pk}"


class SupportQuota(models.Model):
    """How many supports a resident has used in a round; its row is the lock that keeps
    the per-resident limit under concurrent requests."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="quota_once")]

    def __str__(self) -> str:
        return f"quota {self.round_id}:{self.used}"


class Feasibility(models.TextChoices):
    PENDING = "pending", _("Not assessed yet")
    FEASIBLE = "feasible", _("Feasible")
    UNFEASIBLE = "unfeasible", _("Not feasible")


class Assessment(models.Model):
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="assessment")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feasibility = models.CharField(
        _("feasibility"), max_length=10, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    reason = models.TextField(_("reason (public)"), blank=True)
    cost_estimate = models.DecimalField(
        _("assessed cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("internal notes"), blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_estimate__isnull=True) | Q(cost_estimate__gte=0),
                name="assessment_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(feasibility="unfeasible") | ~Q(reason=""),
                name="assessment_unfeasible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.feasibility}"


class Incompatibility(models.Model):
    """Two proposals that cannot both be built (e.g. two uses of one plot)."""

    first = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="incompatibility_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="incompatibility_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} x {self.second_id}"
