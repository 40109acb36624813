"""API fuzzing with schemathesis against the OpenAPI schema, as several kinds of user.

Every operation of /api/v1/ gets generated requests (valid and invalid) from anonymous
visitors, a verified resident and an official: none may answer with a server error, and
every error answer must be RFC 9457 problem details.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from civic.accounts.models import User
from civic.wsgi import application
from tests.budgeting.factories import build_round
from tests.factories import CityFixture

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@schemathesis.check
def problem_details_on_errors(ctx: Any, response: Any, case: Any) -> bool | None:
    """4xx answers of our API are problem details with a status and a title."""
    if response.status_code < 400 or not case.path.startswith("/api/v1/"):
        return None
    content_type = " ".join(response.headers.get("content-type", [""]))
    if "json" not in content_type:
        return None
    body = response.json()
    assert isinstance(body, dict), body
    assert body.get("status") == response.status_code, body
    assert body.get("title"), body
    assert "detail" in body and "type" in body, body
    return None


def _token(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


@pytest.fixture
def fuzz_city(city: CityFixture) -> Iterator[CityFixture]:
    build_round(city)  # a round in the voting phase, with budgets and proposals
    # Requests go straight to the WSGI app, inside the test's transaction: keep Django from
    # closing the connection at each request, as its own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield city
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
@schema.parametrize()
@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_without_a_server_error(
    case: Any, role: str, fuzz_city: CityFixture
) -> None:
    person = fuzz_city.people.get(role)
    headers = {} if person is None else {"X-Session-Token": _token(person)}
    case.call_and_validate(headers=headers, checks=[not_a_server_error, problem_details_on_errors])
