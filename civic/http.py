"""Small request helpers shared by page and API views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from civic.accounts.models import User


def acting_user(request: HttpRequest | Request) -> User:
    """The signed-in person. Views call it after their sign-in check; anyone else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
