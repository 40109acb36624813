"""A participatory budgeting round, its phases on dates, and its budgets by area."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, Organisation

# Paths under /budgeting/ that are not rounds: a round may not take them as its slug.
RESERVED_ROUND_SLUGS = ("results", "implementation", "pabulib")


def round_slug_validate(value: str) -> None:
    if value in RESERVED_ROUND_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is a reserved address; choose another slug."),
            code="reserved",
            params={"slug": value},
        )


class Phase(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    PROPOSALS = "proposals", _("Proposals")
    SUPPORTS = "supports", _("Supports")
    ASSESSMENT = "assessment", _("Assessment")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


PHASE_ORDER = [phase.value for phase in Phase]


class Audience(models.TextChoices):
    SIGNED_IN = "signed_in", _("Everyone with a confirmed account")
    VERIFIED = "verified", _("Verified residents only")


class AreaRule(models.TextChoices):
    OWN = "own", _("Their own area's budget only")
    OWN_AND_CITY = "own_and_city", _("Their own area's budget and the city-wide budget")
    ANY_ONE = "any_one", _("Any one budget of their choice")


class Rule(models.TextChoices):
    GREEDY_COST = "greedy-cost", _("Most votes first (greedy)")
    GREEDY_CARD = "greedy-card", _("Most votes per unit of cost (greedy)")
    GREEDY_NO_SKIP = "greedy-no-skip", _("Most votes first, stop at the first that does not fit")
    MES_COST = "mes-cost", _("Method of Equal Shares (cost satisfaction)")
    MES_CARD = "mes-card", _("Method of Equal Shares (cardinality satisfaction)")
    MES_ADDITIVE = "mes-additive", _("Method of Equal Shares (points or rankings)")
    PHRAGMEN = "phragmen", _("Sequential Phragmén")
    MAX_WELFARE = "max-welfare", _("Maximum total satisfaction (exact)")


class Round(models.Model):
    """Residents propose, officials assess, eligible residents vote, winners get built.

    The phase dates live on the row so that the database itself checks that phases
    follow each other without overlapping (check constraints, portable to SQLite).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[round_slug_validate])
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    total_budget = models.DecimalField(_("total budget"), max_digits=14, decimal_places=2)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    audience = models.CharField(
        _("who may vote"), max_length=12, choices=Audience.choices, default=Audience.VERIFIED
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    area_rule = models.CharField(
        _("which budgets a resident votes in"),
        max_length=14,
        choices=AreaRule.choices,
        default=AreaRule.OWN_AND_CITY,
    )
    rule = models.CharField(
        _("counting rule"), max_length=20, choices=Rule.choices, default=Rule.GREEDY_COST
    )
    completion = models.CharField(
        _("Equal Shares completion"), max_length=24, default="add1", blank=True
    )
    support_limit = models.PositiveSmallIntegerField(
        _("supports per resident"),
        default=10,
        help_text=_("How many proposals one resident may support in the supports phase."),
    )
    proposals_open = models.DateTimeField(_("proposals open"))
    proposals_close = models.DateTimeField(_("proposals close"))
    supports_open = models.DateTimeField(_("supports open"), null=True, blank=True)
    supports_close = models.DateTimeField(_("supports close"), null=True, blank=True)
    assessment_open = models.DateTimeField(_("assessment starts"))
    assessment_close = models.DateTimeField(_("assessment ends"))
    voting_open = models.DateTimeField(_("voting opens"))
    voting_close = models.DateTimeField(_("voting closes"))
    results_at = models.DateTimeField(_("results published"), null=True, blank=True)
    implementation_at = models.DateTimeField(_("implementation starts"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported = models.BooleanField(
        _("imported"),
        default=False,
        help_text=_("Imported from a pabulib file as a closed round (demo, audit, research)."),
    )

    class Meta:
        verbose_name = _("budgeting round")
        verbose_name_plural = _("budgeting rounds")
        ordering = ["-voting_open", "pk"]
        indexes = [
            models.Index(fields=["organisation", "phase"]),
            models.Index(fields=["phase", "voting_close"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_budget__gte=0), name="round_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_ROUND_SLUGS), name="round_slug_not_reserved"
            ),
            models.CheckConstraint(
                condition=Q(proposals_open__lt=F("proposals_close")), name="round_proposals_dates"
            ),
            models.CheckConstraint(
                condition=(Q(supports_open__isnull=True) & Q(supports_close__isnull=True))
                | (
                    Q(supports_open__gte=F("proposals_close"))
                    & Q(supports_open__lt=F("supports_close"))
                    & Q(supports_close__lte=F("assessment_open"))
                ),
                name="round_supports_dates",
            ),
            models.CheckConstraint(
                condition=Q(assessment_open__gte=F("proposals_close")),
                name="round_assessment_after_proposals",
            ),
            models.CheckConstraint(
                condition=Q(assessment_open__lt=F("assessment_close")),
                name="round_assessment_dates",
            ),
            models.CheckConstraint(
                condition=Q(voting_open__gte=F("assessment_close")),
                name="round_voting_after_assessment",
            ),
            models.CheckConstraint(
                condition=Q(voting_open__lt=F("voting_close")), name="round_voting_dates"
            ),
            models.CheckConstraint(
                condition=Q(results_at__isnull=True) | Q(results_at__gte=F("voting_close")),
                name="round_results_after_voting",
            ),
            models.CheckConstraint(
                condition=Q(implementation_at__isnull=True)
                | (Q(results_at__isnull=False) & Q(implementation_at__gte=F("results_at"))),
                name="round_implementation_after_results",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class PhaseChange(models.Model):
    """The record of a round entering a phase (by schedule, or by an official)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    changed_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "phase"], name="phase_change_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.phase}"


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose any number of proposals")
    KNAPSACK = "knapsack", _("Budget: choose proposals within the budget")
    CUMULATIVE = "cumulative", _("Points: spread points over proposals")
    RANKING = "ranking", _("Ranking: put your favourites in order")
    SINGLE = "single", _("Single choice: choose one proposal")


class Budget(models.Model):
    """The money of one area within a round, and how its ballot works."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="budgets")
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    ballot_type = models.CharField(
        _("ballot"), max_length=12, choices=BallotType.choices, default=BallotType.KNAPSACK
    )
    min_items = models.PositiveSmallIntegerField(_("minimum choices"), default=1)
    max_items = models.PositiveSmallIntegerField(_("maximum choices"), null=True, blank=True)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("minimum share of the budget to spend (%)"), default=0
    )
    points_total = models.PositiveSmallIntegerField(_("points to spread"), default=10)
    points_max_per_item = models.PositiveSmallIntegerField(
        _("maximum points per proposal"), default=5
    )
    rank_top = models.PositiveSmallIntegerField(_("how many to rank"), default=3)

    class Meta:
        verbose_name = _("area budget")
        verbose_name_plural = _("area budgets")
        ordering = ["round", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="budget_one_per_area"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(max_items__isnull=True) | Q(max_items__gte=F("min_items")),
                name="budget_items_range",
            ),
            models.CheckConstraint(
                condition=Q(min_spend_percent__lte=100), name="budget_min_spend_percent"
            ),
            models.CheckConstraint(
                condition=Q(points_max_per_item__lte=F("points_total")), name="budget_points_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.name}"
