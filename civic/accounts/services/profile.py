"""Changes a person makes to their own profile."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from civic.accounts.models import Gender, User
from civic.errors import DomainError


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    display_name: str | None = None,
    preferred_language: str | None = None,
    gender: str | None = None,
) -> User:
    fields: list[str] = []
    if display_name is not None:
        user.display_name = display_name.strip()[:80]
        fields.append("display_name")
    if preferred_language is not None:
        if preferred_language not in dict(settings.LANGUAGES):
            raise DomainError(_("This language is not available."), field="preferred_language")
        user.preferred_language = preferred_language
        fields.append("preferred_language")
    if gender is not None:
        if gender and gender not in Gender.values:
            raise DomainError(_("Choose one of the listed answers."), field="gender")
        user.gender = gender
        fields.append("gender")
    if fields:
        user.save(update_fields=fields)
    return user
