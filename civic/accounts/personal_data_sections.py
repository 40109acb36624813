"""What the accounts app contributes to a personal data download."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from civic.accounts import personal_data
from civic.accounts.models import Membership, User, Verification


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _memberships(user: User) -> list[dict[str, Any]]:
    return [
        {
            "organisation": m.organisation.name,
            "role": m.role,
            "granted_at": m.created_at.isoformat(),
        }
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _verifications(user: User) -> list[dict[str, Any]]:
    return [
        {
            "organisation": v.organisation.name,
            "method": v.method,
            "area": v.area.name,
            "birth_year": v.birth_year,
            "verified_at": v.verified_at.isoformat(),
        }
        for v in Verification.objects.filter(user=user).select_related("organisation", "area")
    ]


def _second_factors(user: User) -> list[dict[str, Any]]:
    # Only the kind and dates: secrets never leave the server.
    return [
        {
            "type": a.type,
            "created_at": a.created_at.isoformat(),
            "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None,
        }
        for a in Authenticator.objects.filter(user=user)
    ]


def register() -> None:
    personal_data.register("profile", exporter=_profile)
    personal_data.register("email_addresses", exporter=_email_addresses)
    personal_data.register("memberships", exporter=_memberships)
    personal_data.register("verifications", exporter=_verifications)
    personal_data.register("second_factors", exporter=_second_factors)
