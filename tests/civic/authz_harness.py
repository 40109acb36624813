"""How the authorization matrix turns its table into requests and answers into table codes.

Shared by the matrix test and by anyone re-deriving a row while reviewing a change.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.civic.authz_world import World

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
LOGIN = "/accounts/login/"


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, with its namespace ("budgeting:round", "api:consultation-list")
    route: str  # the pattern as written, from the root
    callback: Any


def _walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            if namespace and name:
                name = f"{namespace}:{name}"
            yield Route(
                name or prefix + str(pattern.pattern),
                prefix + str(pattern.pattern),
                pattern.callback,
            )


def routes() -> list[Route]:
    """Every URL pattern of the project, as the resolver has them (format suffixes too)."""
    return list(_walk(get_resolver().url_patterns, "", None))


def is_api(route: Route) -> bool:
    return route.route.startswith("api/v1/")


def write_methods(route: Route) -> list[str]:
    """The write verbs a pattern answers: from the viewset's actions or the API view's
    handlers; pages (function views) take POST."""
    actions = getattr(route.callback, "actions", None)
    if actions:
        return [m.upper() for m in actions if m.upper() in WRITE_METHODS]
    view_class = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
    if view_class is not None:
        return [m for m in WRITE_METHODS if hasattr(view_class, m.lower())]
    return ["POST"]


def read_methods(route: Route) -> bool:
    actions = getattr(route.callback, "actions", None)
    if actions:
        return "get" in actions
    view_class = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
    if view_class is not None:
        return hasattr(view_class, "get")
    return True


# --- Filling in URL parameters from the world ------------------------------------------------


def url_kwargs(subject: str, state: str, world: World, route: str) -> dict[str, Any]:
    """The URL parameters of ``route`` for the object of kind ``subject`` in ``state``."""
    names = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
    names.discard("format")
    values: dict[str, Any] = {}
    city = world.city
    if subject in ("consultation",):
        consultation = world.consultations[state]
        question = consultation.questions.order_by("position").first()
        values = {
            "pk": consultation.pk,
            "paragraph_pk": world.paragraphs[state].pk,
            "paragraph_id": world.paragraphs[state].pk,
            "question_pk": question.pk if question else 0,
            "question_id": question.pk if question else 0,
            "number": 1,
            "fmt": "csv",
            "comment_id": 1,
            "text_id": str(uuid.UUID(int=1)),
            "slug": city.organisation.slug,
            "kind": "consultation",
            "process_type": "consultation",
        }
    elif subject == "dialogue":
        values = {
            "pk": world.dialogues[state].pk,
            "statement_pk": world.statements[state].pk,
            "reply_pk": world.replies[state].pk,
            "slug": city.organisation.slug,
            "kind": "dialogue",
            "process_type": "dialogue",
        }
    elif subject == "round":
        round_ = world.rounds[state]
        values = {
            "slug": round_.slug,
            "pk": world.items[state].pk,
            "budget_id": world.budgets[state],
            "action": "support",
            "kind": "round",
            "process_type": "round",
        }
    elif subject == "opendata":
        values = {
            "dataset": "budget-items",
            "organisation": city.organisation.slug,
            "process": world.rounds[state].slug,
            "area": "north",
        }
    elif subject == "dataset":
        values = {"dataset": "budget-items"}
    elif subject == "sdg":
        values = {"number": 11, "slug": city.organisation.slug, "pk": world.local_target_id}
    elif subject == "item":
        values = {"pk": world.items[state].pk}
    elif subject == "budget":
        values = {"budget_id": world.budgets[state], "pk": world.budgets[state]}
    elif subject == "project":
        values = {"pk": world.projects[state].pk}
    elif subject == "meeting":
        values = {"pk": world.meeting.pk}
    elif subject == "organisation":
        values = {
            "slug": city.organisation.slug,
            "organisation_slug": city.organisation.slug,
            "pk": world.census_id,
        }
    elif subject == "notification":
        values = {"pk": world.notification_id, "token": "not-a-token"}
    elif subject == "device":
        values = {"pk": world.device_id}
    elif subject == "area":
        values = {"pk": world.area_id, "slug": city.organisation.slug}
    elif subject == "batch":
        values = {"batch_id": world.paper_batch_id}
    return {name: values[name] for name in names}


def url_for(name: str, subject: str, state: str, world: World, route: str) -> str:
    return reverse(name, kwargs=url_kwargs(subject, state, world, route))


# --- Answers as table codes ----------------------------------------------------------------


def code_of(response: HttpResponse) -> str:
    """A response as the table writes it: the status, or ``login`` for a redirect to sign in,
    ``redir`` for any other redirect."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "login" if location.startswith(LOGIN) else "redir"
    return str(status)


DENIED = {"login", "401", "403", "404", "405"}


def matches(expected: str, observed: str) -> bool:
    """``ok`` in a write row: the request got past the permission check (any answer but a
    denial); anything else must be the exact code."""
    if expected == "ok":
        return observed not in DENIED and not observed.startswith("5")
    return expected == observed


# --- Watching the database ----------------------------------------------------------------

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Bookkeeping a request may write whoever asks: the session row.
IGNORED_TABLES = {"django_session"}


@contextmanager
def database_writes() -> Iterator[list[str]]:
    """Collects the tables every INSERT/UPDATE/DELETE inside the block touches."""
    writes: list[str] = []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        found = _WRITE.match(sql)
        if found and found.group(2) not in IGNORED_TABLES:
            writes.append(f"{found.group(1).split()[0].upper()} {found.group(2)}")
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(watch):
        yield writes


def send(client: Client, method: str, url: str, api: bool) -> Any:
    if method == "GET":
        return client.get(url)
    call = getattr(client, method.lower())
    if api:
        return call(url, data=json.dumps({}), content_type="application/json")
    return call(url, data={})


def observe_row(
    clients: dict[str, Client],
    roles: tuple[str, ...],
    name: str,
    route: Route,
    subject: str,
    key: str,
    world: World,
) -> list[tuple[str, str, list[str]]]:
    """Each role's answer to one table row (``"METHOD state"``): (role, code, writes).

    Every request runs in a savepoint rolled back after it, so one role's write never
    changes what the next role sees."""
    from django.db import transaction

    method, state = key.split()
    url = url_for(name, subject, state, world, route.route)
    answers: list[tuple[str, str, list[str]]] = []
    for role in roles:
        savepoint = transaction.savepoint()
        try:
            with database_writes() as writes:
                response = send(clients[role], method, url, is_api(route))
            answers.append((role, code_of(response), list(writes)))
        finally:
            transaction.savepoint_rollback(savepoint)
    return answers
