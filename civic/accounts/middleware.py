"""Request-level account behaviour: the person's language, and MFA for staff."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from civic.accounts.predicates import user_has_mfa, user_roles

Handler = Callable[[HttpRequest], HttpResponse]


class UserLanguageMiddleware:
    """A signed-in person's preferred language wins over the browser's, unless they
    picked one with the language switcher (the cookie)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/api/")
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class StaffMfaMiddleware:
    """Sends staff without a second factor to set one up before anything else.

    Their roles already grant nothing without it (see predicates); this makes the
    reason visible instead of a wall of refusals.
    """

    allowed_prefixes = ("/accounts/", "/static/", "/media/", "/i18n/", "/api/", "/_allauth/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.CIVIC_STAFF_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and request.method == "GET"
            and not request.path.startswith(self.allowed_prefixes)
            and (user.is_staff or user_roles(user))
            and not user_has_mfa(user)
        ):
            messages.warning(
                request,
                _("Your account has a staff role. Set up two-factor authentication to use it."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
