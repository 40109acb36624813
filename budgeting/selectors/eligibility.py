"""Who may vote in which budget of a round: decided here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from budgeting.models import AreaRule, Audience, Budget, Round
from budgeting.selectors.cast_reads import VoterFacts
from civic.accounts.models import Verification
from civic.accounts.predicates import has_verified_email


@dataclass(frozen=True)
class Eligibility:
    """The answer for one person and one round, with the reason when refused."""

    allowed: bool
    reason: str = ""
    budgets: tuple[Budget, ...] = ()
    verification: Verification | None = None
    exclusive: bool = False  # may vote in only one of ``budgets``
    notes: list[str] = field(default_factory=list)
    # "wrong_area" when the person may vote in this round but none of the budgets asked
    # about covers their area (with ``budgets=[one]``: not that budget).
    code: str = "not_eligible"

    def allows(self, budget: Budget) -> bool:
        return self.allowed and any(b.pk == budget.pk for b in self.budgets)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for upper, label in ((17, "<18"), (24, "18-24"), (34, "25-34"), (49, "35-49"), (64, "50-64")):
        if age <= upper:
            return label
    return "65+"


def resident_verification(*, user: Any, round: Round) -> Verification | None:
    organisation = round.organisation
    scope = [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])
    return (
        Verification.objects.filter(user=user, organisation_id__in=scope)
        .select_related("area")
        .first()
    )


def voting_eligibility(
    *,
    user: Any,
    round: Round,
    budgets: list[Budget] | None = None,
    facts: VoterFacts | None = None,
) -> Eligibility:
    """``facts``: the voter's email and verification state when already loaded."""
    if not getattr(user, "is_authenticated", False):
        return Eligibility(False, _("Sign in to vote."))
    email_verified = facts.email_verified if facts is not None else has_verified_email(user)
    if not email_verified:
        return Eligibility(False, _("Confirm your email address first: we sent you a link."))
    verification = (
        facts.verification if facts is not None else resident_verification(user=user, round=round)
    )
    if round.audience == Audience.VERIFIED and verification is None:
        return Eligibility(
            False,
            _(
                "This vote is open to verified residents. Verify that you "
                "live here on your account page, or at a city office."
            ),
        )
    if round.min_age:
        if verification is None:
            return Eligibility(
                False,
                _(
                    "This vote has a minimum age of %(age)s. Verify your "
                    "residence so that we know your year of birth."
                )
                % {"age": round.min_age},
            )
        age = round.voting_close.year - verification.birth_year
        if age < round.min_age:
            return Eligibility(
                False,
                _("This vote is open to residents aged %(age)s or more.") % {"age": round.min_age},
                verification=verification,
            )
    all_budgets = (
        budgets
        if budgets is not None
        else list(round.budgets.select_related("area").order_by("area__path"))
    )
    city_wide = [b for b in all_budgets if b.area.parent_id is None]
    own: list[Budget] = []
    if verification is not None:
        home_path = verification.area.path
        own = [
            b
            for b in all_budgets
            if b.area.parent_id is not None and home_path.startswith(b.area.path)
        ]
    if round.area_rule == AreaRule.ANY_ONE:
        return Eligibility(
            True, budgets=tuple(all_budgets), verification=verification, exclusive=True
        )
    chosen = own + (city_wide if round.area_rule == AreaRule.OWN_AND_CITY else [])
    if not chosen:
        if verification is None:
            return Eligibility(
                False,
                _(
                    "Votes here are by area. Verify your residence so "
                    "that we know which area's budget is yours."
                ),
            )
        return Eligibility(
            False,
            _("None of this round's budgets covers your area (%(area)s).")
            % {"area": verification.area.name},
            verification=verification,
            code="wrong_area",
        )
    return Eligibility(True, budgets=tuple(chosen), verification=verification)
