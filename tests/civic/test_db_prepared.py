"""Statements run through ``prepared_cursor`` are prepared by PostgreSQL on their second
run; Django's own statements never are; the setting turns it off; query capture sees all."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from civic.accounts.models import User
from civic.db_prepared import prepared_cursor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _probe(name: str) -> str:
    return f"SELECT %s::int + 0 AS probe_{name}"


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return int(cursor.fetchone()[0])


def _run(sql: str, times: int) -> None:
    for number in range(times):
        with prepared_cursor() as cursor:
            cursor.execute(sql, [number])
            assert cursor.fetchone()[0] == number


def test_a_statement_is_prepared_on_its_second_run(db: None) -> None:
    assert connection.vendor == "postgresql"
    sql = _probe("twice")
    _run(sql, 1)
    assert _prepared("probe_twice") == 0
    with CaptureQueriesContext(connection) as queries:
        _run(sql, 2)
    assert _prepared("probe_twice") == 1
    assert [q["sql"] for q in queries].count("SELECT 1::int + 0 AS probe_twice") == 1


def test_django_statements_are_never_prepared(db: None) -> None:
    _run(_probe("switch_on"), 2)  # preparing is on for this connection
    assert _prepared("probe_switch_on") == 1
    for _ in range(4):
        list(User.objects.filter(email="prepared-probe@example.org"))
    assert _prepared('"accounts_user"."email" =') == 0


@override_settings(DB_PREPARED_STATEMENTS=False)
def test_the_setting_turns_preparing_off(db: None) -> None:
    _run(_probe("off"), 4)
    assert _prepared("probe_off") == 0
