"""Cursors whose statements PostgreSQL keeps prepared, for the few hand-written statements
every signed-in request or every ballot runs (sessions, users, the ballot path).

Django binds parameters on the client, so PostgreSQL parses and plans each statement
anew; on the ballot path that cost the database more than running the statements
(benchmarks/ballots.py). A cursor from ``prepared_cursor()`` binds on the server, and the
connection prepares a statement the second time it runs it: a persistent connection
(``CONN_MAX_AGE``) plans each statement once; a connection opened for one request never
prepares anything. Django's own cursors bind on the client and never prepare, so the rest
of the project is untouched. Behind a connection pooler that cannot carry prepared
statements (PgBouncer in transaction mode before 1.21), set ``DB_PREPARED_STATEMENTS``
to false: these cursors are then Django's own.

The cursor is Django's cursor wrapper, so execute wrappers, query logging and
``CaptureQueriesContext`` see every statement as usual, logged with its values as Django
logs its own (psycopg has no text to report for a run of a prepared statement).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

# The second run of a statement on a connection prepares it.
PREPARE_THRESHOLD = 1


@functools.cache
def _server_binding_cursor_class() -> type | None:
    try:
        from django.db.backends.postgresql.base import ServerBindingCursor
    except ImportError:  # psycopg 2, or no PostgreSQL driver at all
        return None
    return ServerBindingCursor


class _LoggedCursor(CursorDebugWrapper):
    """Logs each statement composed with its values, as a client-bound one is logged."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@contextlib.contextmanager
def prepared_cursor(connection: BaseDatabaseWrapper | None = None) -> Iterator[Any]:
    """A cursor of ``connection`` (the default database) that prepares what it runs
    again; on other databases, or with ``DB_PREPARED_STATEMENTS`` off, Django's cursor."""
    # The wrapper itself, not the proxy: each attribute of ``django.db.connection`` is
    # looked up again through the connection handler.
    connection = connection or connections[DEFAULT_DB_ALIAS]
    factory = (
        _server_binding_cursor_class()
        if connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS
        else None
    )
    if factory is None:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns preparing off for the whole connection; only server-binding
        # cursors (these) can prepare, so turning it on here changes nothing else.
        raw.prepare_threshold = PREPARE_THRESHOLD
    previous = raw.cursor_factory
    raw.cursor_factory = factory
    try:
        cursor = connection.cursor()
    finally:
        raw.cursor_factory = previous
    if isinstance(cursor, CursorDebugWrapper):
        cursor = _LoggedCursor(cursor.cursor, connection)
    with cursor:
        yield cursor
