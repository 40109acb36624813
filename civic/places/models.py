"""Organisations (a city, a department), the area tree, and the census residents verify against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A city or one of its departments; every process and role is scoped to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AreaKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class Area(models.Model):
    """A node of the city > district > neighbourhood tree.

    ``path`` is a materialised path of zero-padded ids ("000001/000004/") so that
    "this area and everything inside it" is one indexed prefix query.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Short code used in census files, e.g. 'north' or 'N-03'."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon geometry."),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="area_code_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of this area and every area above it, root first."""
        return [int(part) for part in self.path.split("/") if part]


class CensusImport(models.Model):
    """One uploaded census file and its outcome (applied, or rejected with row errors)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    class Mode(models.TextChoices):
        MERGE = "merge", _("Add and update rows")
        REPLACE = "replace", _("Replace the whole census")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="census_imports",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rows in file"), default=0)
    rows_created = models.PositiveIntegerField(_("rows added"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_removed = models.PositiveIntegerField(_("rows removed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("census import")
        verbose_name_plural = _("census imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class CensusEntry(models.Model):
    """A resident known to the city. The identifier is stored only as a keyed hash
    (HMAC with a key that lives in the environment, not in the database)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="census_entries"
    )
    identifier_hash = models.CharField(max_length=64)
    birth_year = models.PositiveSmallIntegerField()
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="census_entries")
    census_import = models.ForeignKey(
        CensusImport, on_delete=models.SET_NULL, null=True, related_name="entries"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier_hash"], name="census_identifier_unique"
            ),
            models.CheckConstraint(
                condition=Q(birth_year__gte=1880) & Q(birth_year__lte=2200),
                name="census_birth_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.identifier_hash[:10]}…"
