"""Resident verification: by matching the census, or in person by an official."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.accounts.models import User, Verification
from civic.errors import Conflict, DomainError
from civic.places.models import Area, CensusEntry, Organisation
from civic.places.services.census import census_identifier_hash


def verification_by_census(
    *, user: User, organisation: Organisation, identifier: str, birth_year: int
) -> Verification:
    """Verify ``user`` as a resident if ``identifier`` and ``birth_year`` match the census.

    The error never says which of the two did not match, so that the census cannot be
    probed for who lives in the city.
    """
    if not identifier.strip():
        raise DomainError(
            _("Enter the identifier from your residence document."), field="identifier"
        )
    identifier_hash = census_identifier_hash(organisation=organisation, identifier=identifier)
    with transaction.atomic():
        entry = (
            CensusEntry.objects.select_for_update()
            .filter(organisation=organisation, identifier_hash=identifier_hash)
            .first()
        )
        if entry is None or entry.birth_year != birth_year:
            raise DomainError(
                _(
                    "We could not find a resident with these details. Check them, or ask "
                    "for verification in person at a city office."
                ),
                field="identifier",
                code="no_match",
            )
        claimed = Verification.objects.filter(census_entry=entry).exclude(user=user).exists()
        if claimed:
            raise Conflict(
                _(
                    "These details already verify another account. If that is not you, "
                    "contact the city office."
                ),
                field="identifier",
            )
        try:
            with transaction.atomic():
                verification, _created = Verification.objects.update_or_create(
                    user=user,
                    organisation=organisation,
                    defaults={
                        "method": Verification.Method.CENSUS,
                        "census_entry": entry,
                        "area_id": entry.area_id,
                        "birth_year": entry.birth_year,
                        "verified_by": None,
                        "verified_at": timezone.now(),
                        "note": "",
                    },
                )
        except IntegrityError as exc:  # a parallel request claimed the same entry first
            raise Conflict(
                _("These details already verify another account."), field="identifier"
            ) from exc
    return verification


@transaction.atomic
def verification_in_person(
    *,
    actor: User,
    user: User,
    organisation: Organisation,
    area: Area,
    birth_year: int,
    note: str = "",
) -> Verification:
    """Record that an official checked a resident's documents at a desk."""
    if area.organisation_id != organisation.pk:
        raise DomainError(_("The area belongs to another organisation."), field="area")
    this_year = timezone.now().year
    if not 1880 <= birth_year <= this_year:
        raise DomainError(
            _("Enter a birth year between 1880 and %(year)s.") % {"year": this_year},
            field="birth_year",
        )
    verification, _created = Verification.objects.update_or_create(
        user=user,
        organisation=organisation,
        defaults={
            "method": Verification.Method.IN_PERSON,
            "census_entry": None,
            "area": area,
            "birth_year": birth_year,
            "verified_by": actor,
            "note": note[:200],
            "verified_at": timezone.now(),
        },
    )
    return verification


@transaction.atomic
def verification_revoke(*, verification: Verification) -> None:
    verification.delete()
