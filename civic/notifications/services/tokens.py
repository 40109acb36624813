"""Signed one-click unsubscribe tokens: no login, no expiry, bound to person and kind."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

_SALT = "civic.notifications.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeClaim:
    user_id: int
    kind: str  # "*" for all email


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.Signer(salt=_SALT).sign(f"{user_id}.{kind}")


def unsubscribe_claim(token: str) -> UnsubscribeClaim | None:
    """The claim inside a valid token, or None for a forged or damaged one."""
    try:
        value = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_part, _, kind = value.partition(".")
    if not user_part.isdigit() or not kind:
        return None
    return UnsubscribeClaim(user_id=int(user_part), kind=kind)
