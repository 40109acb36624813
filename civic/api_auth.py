"""API authentication: allauth's headless session token, answered with 401 when missing."""

from __future__ import annotations

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from rest_framework.request import Request


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """The ``X-Session-Token`` an app gets from ``/_allauth/app/v1/auth/login``."""

    def authenticate_header(self, request: Request) -> str:
        # Naming a scheme makes DRF answer 401 (not 403) to a request without credentials.
        return 'X-Session-Token realm="api"'


from civic import api_auth_schema  # noqa: F401,E402 - registers the schema extension
