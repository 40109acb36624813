"""How the API finds the session behind an ``X-Session-Token``."""

from __future__ import annotations

from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy as BaseStrategy
from django.contrib.sessions.backends.base import SessionBase


class SessionTokenStrategy(BaseStrategy):
    """allauth's session tokens, looked up with one query instead of two: every
    authenticated API request pays for the lookup, ballots at the peak of a vote included."""

    def lookup_session(self, session_token: str) -> SessionBase | None:
        return sessionkit.lookup_session(session_token)
