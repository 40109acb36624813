"""Reads about people that pages and the API share."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from civic.accounts.models import Membership, User, Verification


def user_profile_queryset() -> QuerySet[User]:
    """Users with everything the profile shows, in a constant number of queries."""
    return User.objects.annotate(
        email_verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        mfa_enabled=Exists(Authenticator.objects.filter(user=OuterRef("pk"))),
    ).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
        Prefetch(
            "verifications", queryset=Verification.objects.select_related("organisation", "area")
        ),
    )


def user_profile(*, user: User) -> User:
    return user_profile_queryset().get(pk=user.pk)


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
