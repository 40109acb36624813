"""The authorization matrix: every page and API endpoint x every role x object state.

The expected answers are data, in ``tests/civic/authz_table.py``; this module

- enumerates the URL patterns from the resolver and fails if one is not in the table (or
  the table lists one that is gone, or a verb the view does not answer / misses one it does);
- asks every pattern, with GET and each write verb it has, as every role, for the object in
  every state, and compares the answer with the table; a denied write must not write one
  row (every INSERT/UPDATE/DELETE the request sends to PostgreSQL is watched);
- checks that drafts (of another organisation, and of this one for people who do not
  manage it) never show in lists, filters, search, exports or counts.

The objects are built once per module (``authz_world.build_world``) inside a transaction
that is rolled back at the end; each test runs in a savepoint of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.civic import authz_harness as harness
from tests.civic.authz_table import (
    EXCLUDED_NAMES,
    EXCLUDED_PREFIXES,
    LEAK_URLS,
    TABLE,
    VALID_WRITE_ROWS,
    VALID_WRITES,
)
from tests.civic.authz_world import ROLES, SECRET, World, build_world

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker: Any) -> dict[str, Client]:
    """One signed-in client per role (the sessions live in the module's transaction)."""
    made: dict[str, Client] = {}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.people[role])
            made[role] = client
    return made


def _classified_routes() -> dict[str, harness.Route]:
    found: dict[str, harness.Route] = {}
    for route in harness.routes():
        if route.route.startswith(tuple(EXCLUDED_PREFIXES)) or route.name in EXCLUDED_NAMES:
            continue
        found.setdefault(route.name, route)  # format-suffix twins share the name and view
    return found


ROUTES = _classified_routes()


def test_every_url_pattern_is_in_the_table() -> None:
    missing = sorted(set(ROUTES) - set(TABLE))
    assert not missing, (
        "URL patterns nobody classified: add them to tests/civic/authz_table.py "
        f"(who may GET/write them, per state): {missing}"
    )


def test_the_table_has_no_row_for_a_pattern_that_is_gone() -> None:
    gone = sorted(set(TABLE) - set(ROUTES))
    assert not gone, f"Rows for URL names the resolver does not know: {gone}"


def test_the_table_lists_exactly_the_verbs_each_pattern_answers() -> None:
    wrong: dict[str, tuple[list[str], list[str]]] = {}
    for name, route in ROUTES.items():
        if name not in TABLE:
            continue
        verbs = (["GET"] if harness.read_methods(route) else []) + harness.write_methods(route)
        listed = sorted({key.split()[0] for key in TABLE[name][1]})
        if sorted(verbs) != listed:
            wrong[name] = (sorted(verbs), listed)
    assert not wrong, f"verbs answered vs verbs in the table: {wrong}"


def test_every_row_has_a_code_for_every_role() -> None:
    bad = {
        f"{name} {key}": row
        for name, (_, rows) in TABLE.items()
        for key, row in rows.items()
        if len(row.split()) != len(ROLES)
    }
    assert not bad, f"rows need {len(ROLES)} codes ({', '.join(ROLES)}): {bad}"


ROWS = [
    pytest.param(name, key, id=f"{name}|{key}")
    for name, (_, rows) in TABLE.items()
    if name in ROUTES
    for key in rows
]


@pytest.mark.parametrize(("name", "key"), ROWS)
def test_matrix(world: World, clients: dict[str, Client], db: None, name: str, key: str) -> None:
    """One row: the pattern, verb and object state, asked by every role in turn."""
    subject, rows = TABLE[name]
    expected = rows[key].split()
    answers = harness.observe_row(clients, ROLES, name, ROUTES[name], subject, key, world)
    wrong = [
        f"{role}: expected {want}, got {code}"
        for (role, code, _), want in zip(answers, expected, strict=True)
        if not harness.matches(want, code)
    ]
    wrote = [
        f"{role} was refused ({code}) but wrote {writes}"
        for role, code, writes in answers
        if writes and code in harness.DENIED and not key.startswith("GET")
    ]
    assert not wrong and not wrote, "\n".join([f"{name} {key}:", *wrong, *wrote])


# --- Drafts never leak ----------------------------------------------------------------------

# Who may see which drafts: the other organisation's (SECRET) and this city's own.
SEE_OTHER_DRAFTS = {"official_other", "superuser"}
SEE_OWN_DRAFTS = {"official", "org_admin", "superuser"}


def _own_draft_markers(world: World, role: str) -> list[str]:
    """What would show this city's drafts to ``role`` (assessors see rounds in preparation:
    they assess their proposals)."""
    markers = [world.consultations["draft"].title, world.dialogues["draft"].question]
    if role != "assessor":
        slug = world.rounds["draft"].slug
        markers += [f"/budgeting/{slug}/", f'"{slug}"']
    return markers


def _fill(url: str, world: World) -> str:
    return url.format(
        other_consultation=world.other["consultation"].pk,
        other_dialogue=world.other["dialogue"].pk,
        own_draft_consultation=world.consultations["draft"].pk,
    )


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return str(body.decode("utf-8", "replace"))


@pytest.mark.parametrize("url", LEAK_URLS)
def test_drafts_do_not_leak_through_lists_filters_search_or_exports(
    world: World, clients: dict[str, Client], db: None, url: str
) -> None:
    leaks = []
    for role in ROLES:
        response = clients[role].get(_fill(url, world))
        assert response.status_code < 500, (role, response.status_code)
        text = _text(response)
        if role not in SEE_OTHER_DRAFTS and SECRET in text:
            leaks.append(f"{role} sees the other organisation's draft")
        if role not in SEE_OWN_DRAFTS:
            shown = [marker for marker in _own_draft_markers(world, role) if marker in text]
            if shown:
                leaks.append(f"{role} sees this city's drafts: {shown}")
    assert not leaks, f"{url}: " + "; ".join(leaks)


COUNTED_LISTS = [url for url in LEAK_URLS if url.startswith("/api/v1/") and "?" not in url]


@pytest.mark.parametrize("url", COUNTED_LISTS)
def test_list_counts_do_not_count_drafts(
    world: World, clients: dict[str, Client], db: None, url: str
) -> None:
    """Whoever sees no draft gets the same count as an anonymous visitor."""

    def count(role: str) -> int | None:
        response = clients[role].get(url)
        if response.status_code != 200:
            return None
        data = json.loads(response.content)
        if isinstance(data, dict) and "count" in data:
            return int(data["count"])
        return len(data) if isinstance(data, list) else None

    public = count("anonymous")
    for role in ROLES:
        if role in SEE_OTHER_DRAFTS | SEE_OWN_DRAFTS:
            continue
        if role == "assessor" and "/rounds/" in url:
            continue  # assessors see rounds in preparation
        seen = count(role)
        assert seen is None or public is None or seen == public, (
            f"{role} counts {seen} at {url}, an anonymous visitor {public}"
        )


# --- Writes with a valid body -----------------------------------------------------------------


def _places(world: World) -> dict[str, Any]:
    open_consultation = world.consultations["open"]
    question = open_consultation.questions.order_by("position").first()
    assert question is not None
    return {
        "open_consultation": open_consultation.pk,
        "open_question": question.pk,
        "open_paragraph": world.paragraphs["open"].pk,
        "open_item": world.items["open"].pk,
        "draft_item": world.items["draft"].pk,
        "open_statement": world.statements["open"].pk,
        "draft_statement": world.statements["draft"].pk,
        "other_item": world.other["item"].pk,
    }


@pytest.mark.parametrize("what", list(VALID_WRITES))
def test_valid_writes_change_nothing_for_denied_roles(
    world: World, clients: dict[str, Client], db: None, what: str
) -> None:
    """The matrix sends empty bodies; these writes carry a valid one, so a missing check
    would let the write through: a denied role gets a denial and writes no row, an
    allowed one gets its success and a row written."""
    method, template, payload = VALID_WRITES[what]
    places = _places(world)
    url = template.format(**places)
    body = json.loads(json.dumps(payload).replace("{open_question}", str(places["open_question"])))
    expected = VALID_WRITE_ROWS.get(what, " ".join("?" * len(ROLES))).split()
    problems = []
    observed = []
    for role, want in zip(ROLES, expected, strict=True):
        savepoint = transaction.savepoint()
        try:
            with harness.database_writes() as writes:
                call = getattr(clients[role], method.lower())
                response = call(url, data=json.dumps(body), content_type="application/json")
        finally:
            transaction.savepoint_rollback(savepoint)
        code = harness.code_of(response)
        observed.append(code)
        if code != want:
            problems.append(f"{role}: expected {want}, got {code}")
        if code in harness.DENIED and writes:
            problems.append(f"{role} was refused ({code}) but wrote {writes}")
        if code.startswith("2") and not writes:
            problems.append(f"{role} got {code} but nothing was written")
    assert not problems, "\n".join([what, "observed: " + " ".join(observed), *problems])
