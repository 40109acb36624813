"""Granting and withdrawing staff roles."""

from __future__ import annotations

from django.db import transaction

from civic.accounts.models import Membership, User
from civic.places.models import Organisation


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: str, granted_by: User | None = None
) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"granted_by": granted_by}
    )
    return membership


@transaction.atomic
def membership_withdraw(*, membership: Membership) -> None:
    membership.delete()
