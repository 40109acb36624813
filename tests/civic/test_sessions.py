"""The session store reads live sessions and forgets missing or expired ones."""

from __future__ import annotations

import pytest

from civic.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_live_session_is_read() -> None:
    session = SessionStore()
    session["answer"] = 42
    session.create()
    again = SessionStore(session.session_key)
    assert again.get("answer") == 42
    assert again.session_key == session.session_key


@pytest.mark.parametrize("expiry", [-10, None])
def test_expired_or_unknown_session_is_forgotten(expiry: int | None) -> None:
    key = "unknown-session-key-0123456789"
    if expiry is not None:
        session = SessionStore()
        session["answer"] = 42
        session.set_expiry(expiry)
        session.create()
        key = str(session.session_key)
    stale = SessionStore(key)
    assert stale.get("answer") is None
    assert stale.session_key is None
