"""Local targets: what an organisation commits to under a goal (and, optionally, one of its
global targets), in its own words. The goals and global targets are data (``goals.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Organisation


class LocalTarget(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sdg_local_targets",
        verbose_name=_("organisation"),
    )
    goal = models.PositiveSmallIntegerField(_("goal"))
    global_target = models.CharField(
        _("global target"),
        max_length=5,
        blank=True,
        help_text=_("The UN target it localises, e.g. 11.2 (optional)."),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Your own reference, e.g. 11.2-T1.")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("local SDG target")
        verbose_name_plural = _("local SDG targets")
        ordering = ["organisation", "goal", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="sdg_local_target_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(goal__gte=1) & Q(goal__lte=17), name="sdg_local_target_goal_range"
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | (Q(target_year__gte=2000) & Q(target_year__lte=2100)),
                name="sdg_local_target_year_range",
            ),
        ]
        indexes = [models.Index(fields=["goal", "organisation"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
