"""Secret ballots.

A ``Ballot`` carries no link to a person: no foreign key, no timestamp, a random primary
key (so its order reveals nothing), and a ``voter_key`` that is an HMAC of the voter with
a key kept outside the database (``BALLOT_KEY``), used only to find the ballot again when
the same voter replaces it. Who has voted is on the separate ``VoterRoll``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budgeting.models.items import Item
from budgeting.models.rounds import Budget, Round


class Channel(models.TextChoices):
    WEB = "web", _("Online")
    DESK = "desk", _("At a desk (assisted)")
    PAPER = "paper", _("Paper ballot box")


class VoterRoll(models.Model):
    """Who has voted in which budget, and through which channel. Never what."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="roll")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # Set when the round lets a resident vote in one budget of their choice only.
    exclusive = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    area_id_snapshot = models.IntegerField(null=True, blank=True)
    age_band = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="roll_once_per_budget"),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(exclusive=True),
                name="roll_once_per_round_when_exclusive",
            ),
        ]
        indexes = [models.Index(fields=["budget", "channel"])]

    def __str__(self) -> str:
        return f"roll {self.budget_id}:{self.pk}"


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    # HMAC(BALLOT_KEY, budget:voter): finds the ballot again to replace it, reveals nobody.
    voter_key = models.CharField(max_length=64)
    receipt_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["budget", "voter_key"], name="ballot_once_per_voter"),
        ]

    def __str__(self) -> str:
        return f"ballot {str(self.pk)[:8]}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=1)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="choice_once"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="choice_rank_once"),
            models.CheckConstraint(condition=Q(points__gte=1), name="choice_points_positive"),
        ]

    def __str__(self) -> str:
        return f"choice {self.pk}"


class PaperBatch(models.Model):
    """Counts per proposal from a box of paper ballots, entered by one official and
    confirmed by a second. Its ballots' voters were checked off the roll at the desk."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="paper_batches")
    label = models.CharField(_("box or polling station"), max_length=120)
    ballots = models.PositiveIntegerField(_("ballots in the box"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "label"], name="paper_batch_label_once"),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                name="paper_batch_second_official",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_by__isnull=False),
                name="paper_batch_confirmed_has_official",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PaperCount(models.Model):
    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="counts")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "item"], name="paper_count_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.item_id}={self.votes}"
