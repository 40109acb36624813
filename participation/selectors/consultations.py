"""Reads of consultations shared by pages and the API, and the one audience check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.accounts.models import Role, Verification
from civic.accounts.predicates import has_verified_email, user_has_mfa, user_roles
from civic.places.models import Organisation
from participation.models import (
    AgeBand,
    Audience,
    Consultation,
    ConsultationDraftVersion,
    ConsultationParagraph,
    ConsultationParagraphComment,
    ConsultationParticipation,
    ConsultationQuestion,
    ConsultationResponse,
    ConsultationStatus,
    ResultsVisibility,
)

PUBLIC_STATUSES = [
    ConsultationStatus.SCHEDULED,
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.ANSWERED,
]


def managed_organisation_ids(user: Any) -> set[int] | None:
    """Organisations whose consultations ``user`` manages (None: every one, a platform admin).

    A role in a city also counts in its departments; staff roles need a second factor.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if not user_has_mfa(user):
        return set()
    if user.is_superuser:
        return None
    roots = {
        org_id for org_id, role in user_roles(user) if role in (Role.OFFICIAL, Role.ADMINISTRATOR)
    }
    if not roots:
        return set()
    children = Organisation.objects.filter(parent_id__in=roots).values_list("pk", flat=True)
    return roots | set(children)


def _scope_ids(organisation: Organisation) -> list[int]:
    return [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])


def verification_for(*, user: Any, organisation: Organisation) -> Verification | None:
    """The person's residence verification valid for this organisation (its city)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, Verification | None] = user.__dict__.setdefault("_civic_verifications", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Verification.objects.filter(user=user, organisation_id__in=_scope_ids(organisation))
            .select_related("area")
            .first()
        )
    return cache[organisation.pk]


def age_band_of(birth_year: int | None, *, year: int | None = None) -> str:
    if birth_year is None:
        return AgeBand.UNKNOWN
    age = (year or timezone.localdate().year) - birth_year
    if age < 18:
        return AgeBand.UNDER_18
    if age < 30:
        return AgeBand.B18
    if age < 45:
        return AgeBand.B30
    if age < 65:
        return AgeBand.B45
    return AgeBand.B65


@dataclass(frozen=True)
class AudienceDecision:
    allowed: bool
    reason: str = ""
    code: str = ""


def audience_description(consultation: Consultation) -> str:
    """Who may respond, in one sentence."""
    if consultation.audience == Audience.AREA_RESIDENTS:
        names = ", ".join(area.name for area in consultation.audience_areas.all())
        text = _("Verified residents of %(areas)s.") % {"areas": names}
    elif consultation.audience == Audience.RESIDENTS:
        text = _("Verified residents of the city.")
    else:
        text = _("Everyone with a confirmed account.")
    if consultation.min_age:
        text += " " + ngettext(
            "Aged %(age)s or over (the age reached this year).",
            "Aged %(age)s or over (the age reached this year).",
            consultation.min_age,
        ) % {"age": consultation.min_age}
    return text


def audience_decision(*, user: Any, consultation: Consultation) -> AudienceDecision:
    """May ``user`` take part in ``consultation``'s audience? The only audience check.

    Areas match the resident's verified area or any area above it (``Area.path``); ages
    are the age reached during the current year (the census carries birth years).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return AudienceDecision(False, _("Sign in to take part."), "sign_in")
    if not has_verified_email(user):
        return AudienceDecision(
            False, _("Confirm your email address to take part."), "email_unconfirmed"
        )
    needs_verification = consultation.audience != Audience.SIGNED_IN or bool(consultation.min_age)
    if not needs_verification:
        return AudienceDecision(True)
    verification = verification_for(user=user, organisation=consultation.organisation)
    if verification is None:
        return AudienceDecision(
            False,
            _("This consultation is for verified residents. Verify that you live here first."),
            "not_verified",
        )
    if consultation.audience == Audience.AREA_RESIDENTS:
        audience_ids = {area.pk for area in consultation.audience_areas.all()}
        if not audience_ids & set(verification.area.ancestor_ids):
            names = ", ".join(area.name for area in consultation.audience_areas.all())
            return AudienceDecision(
                False,
                _(
                    "This consultation is for residents of %(areas)s; your verified area is "
                    "%(yours)s."
                )
                % {"areas": names, "yours": verification.area.name},
                "outside_area",
            )
    if consultation.min_age:
        age = verification.age_on(timezone.localdate().year)
        if age < consultation.min_age:
            return AudienceDecision(
                False,
                _("This consultation is for people aged %(age)s or over.")
                % {"age": consultation.min_age},
                "too_young",
            )
    return AudienceDecision(True)


def _response_count() -> Coalesce:
    counts = (
        ConsultationResponse.objects.filter(consultation=OuterRef("pk"))
        .order_by()
        .values("consultation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def consultation_list(*, user: Any, status: str | None = None) -> QuerySet[Consultation]:
    """Consultations ``user`` may see (the public ones, plus drafts of organisations they
    manage), their areas first, open ones first, soonest closing first. Constant queries."""
    managed = managed_organisation_ids(user)
    consultations = Consultation.objects.select_related("organisation").prefetch_related(
        "areas", "audience_areas"
    )
    if managed is not None:
        consultations = consultations.filter(
            Q(status__in=PUBLIC_STATUSES) | Q(organisation_id__in=managed)
        )
    if status:
        consultations = consultations.filter(status=status)
    relevant: Any = Value(False, output_field=BooleanField())
    verification = (
        Verification.objects.filter(user=user).select_related("area").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if verification is not None:
        through = Consultation.areas.through.objects.filter(consultation_id=OuterRef("pk"))
        relevant = Exists(
            through.filter(
                Q(area_id__in=verification.area.ancestor_ids)
                | Q(area__path__startswith=verification.area.path)
            )
        )
    return consultations.annotate(
        response_count=_response_count(),
        in_my_area=relevant,
        open_now=Q(status=ConsultationStatus.OPEN),
    ).order_by("-in_my_area", "-open_now", "closes_at", "-id")


def consultation_detail(*, pk: int) -> Consultation:
    return (
        Consultation.objects.select_related("organisation", "organisation__parent")
        .prefetch_related("areas", "audience_areas", "attachments")
        .annotate(response_count=_response_count())
        .get(pk=pk)
    )


def question_list(*, consultation: Consultation) -> QuerySet[ConsultationQuestion]:
    return ConsultationQuestion.objects.filter(consultation=consultation).order_by("position", "id")


def has_responses(*, consultation: Consultation) -> bool:
    return ConsultationParticipation.objects.filter(consultation=consultation).exists()


def results_visible(*, user: Any, consultation: Consultation) -> bool:
    if consultation.status in (ConsultationStatus.CLOSED, ConsultationStatus.ANSWERED):
        return True
    if (
        consultation.status == ConsultationStatus.OPEN
        and consultation.results_visibility == ResultsVisibility.LIVE
    ):
        return True
    managed = managed_organisation_ids(user)
    return managed is None or consultation.organisation_id in managed


def draft_versions(*, consultation: Consultation) -> QuerySet[ConsultationDraftVersion]:
    return ConsultationDraftVersion.objects.filter(consultation=consultation).order_by("number")


def draft_version_with_paragraphs(
    *, consultation: Consultation, number: int | None = None, show_hidden: bool = False
) -> ConsultationDraftVersion | None:
    """One version (the latest by default) with its paragraphs, comments and rating counts."""
    versions = draft_versions(consultation=consultation)
    version = versions.filter(number=number).first() if number is not None else versions.last()
    if version is None:
        return None
    comments = ConsultationParagraphComment.objects.select_related("author").order_by(
        "created_at", "id"
    )
    if not show_hidden:
        comments = comments.filter(hidden=False)
    paragraphs = ConsultationParagraph.objects.annotate(
        agree=Count("ratings", filter=Q(ratings__value=1)),
        unsure=Count("ratings", filter=Q(ratings__value=0)),
        disagree=Count("ratings", filter=Q(ratings__value=-1)),
    ).prefetch_related(Prefetch("comments", queryset=comments))
    version.paragraph_list = list(  # type: ignore[attr-defined]
        paragraphs.filter(version=version).order_by("position")
    )
    return version


def comment_list(
    *, paragraph: ConsultationParagraph, show_hidden: bool = False
) -> QuerySet[ConsultationParagraphComment]:
    comments = ConsultationParagraphComment.objects.filter(paragraph=paragraph).select_related(
        "author"
    )
    return comments if show_hidden else comments.filter(hidden=False)
