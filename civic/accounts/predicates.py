"""Rules predicates: the one place that knows who a person is to an organisation.

Roles are memberships in an organisation; a role in a city also counts in its
departments. Staff roles grant power only once the account has a second factor.
"""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from civic.accounts.models import Membership, Role, Verification
from civic.places.models import Organisation


def organisation_of(obj: Any) -> Organisation | None:
    """The organisation an object belongs to (an organisation is its own)."""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    organisation = getattr(obj, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None


def _scope_ids(organisation: Organisation) -> set[int]:
    return {organisation.pk} | ({organisation.parent_id} if organisation.parent_id else set())


def user_roles(user: Any) -> set[tuple[int, str]]:
    # Cached on the user object, so one request asks the database once.
    cached: set[tuple[int, str]] | None = getattr(user, "_civic_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._civic_roles = cached
    return cached


def user_has_mfa(user: Any) -> bool:
    if not settings.CIVIC_STAFF_MFA_REQUIRED:
        return True
    cached: bool | None = getattr(user, "_civic_mfa", None)
    if cached is None:
        cached = bool(is_mfa_enabled(user))
        user._civic_mfa = cached
    return cached


def holds_role(user: Any, organisation: Organisation | None, *roles_: str) -> bool:
    """True if ``user`` holds one of ``roles_`` in ``organisation`` (or its parent city)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if organisation is None:
        return False
    scope = _scope_ids(organisation)
    return any(org_id in scope and role in roles_ for org_id, role in user_roles(user))


def _role_predicate(*roles_: str) -> rules.Predicate:
    @rules.predicate
    def check(user: Any, obj: Any = None) -> bool:
        return holds_role(user, organisation_of(obj), *roles_) and user_has_mfa(user)

    check.name = "is_" + "_or_".join(roles_)
    return check


@rules.predicate
def has_verified_email(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached: bool | None = getattr(user, "_civic_email_verified", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._civic_email_verified = cached
    return cached


@rules.predicate
def is_verified_resident(user: Any, obj: Any = None) -> bool:
    """Verified as a resident of the organisation's city (of any city if no object)."""
    if not has_verified_email(user):
        return False
    organisation = organisation_of(obj)
    verifications = Verification.objects.filter(user=user)
    if organisation is not None:
        verifications = verifications.filter(organisation_id__in=_scope_ids(organisation))
    return verifications.exists()


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


is_official = _role_predicate(Role.OFFICIAL, Role.ADMINISTRATOR)
is_moderator = _role_predicate(Role.MODERATOR, Role.ADMINISTRATOR)
is_assessor = _role_predicate(Role.ASSESSOR, Role.ADMINISTRATOR)
is_org_admin = _role_predicate(Role.ADMINISTRATOR)
is_staff_member = _role_predicate(*Role.values)
