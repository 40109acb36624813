"""Published results per budget, and the implementation of the winners."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgeting.models.items import Item
from budgeting.models.rounds import Budget


class Result(models.Model):
    budget = models.OneToOneField(Budget, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=24)
    completion = models.CharField(max_length=24, blank=True)
    ballots_counted = models.PositiveIntegerField(default=0)
    spent = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    explanation = models.JSONField(default=dict)
    turnout = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"result {self.budget_id}"


class ResultLine(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    votes = models.PositiveIntegerField()
    score = models.DecimalField(max_digits=16, decimal_places=4, default=0)
    cost = models.DecimalField(max_digits=14, decimal_places=2)
    selected = models.BooleanField()
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["result", "position", "-votes", "pk"]
        constraints = [models.UniqueConstraint(fields=["result", "item"], name="result_line_once")]

    def __str__(self) -> str:
        return f"{self.result_id}:{self.item_id}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """A winning proposal being built, followed in public."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="project")
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    budget_spent = models.DecimalField(
        _("spent so far"), max_digits=14, decimal_places=2, default=0
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("implementation project")
        verbose_name_plural = _("implementation projects")
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="project_progress_percent")
        ]

    def __str__(self) -> str:
        return str(self.item)


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what happened"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="budgeting/milestones/%Y/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "date", "pk"]

    def __str__(self) -> str:
        return self.title
