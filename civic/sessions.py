"""Database sessions, read with one statement built once: every signed-in page and every
API request reads its session, and the ORM's query building cost more than the read.
A session signed in through Django's or allauth's backend names ours (civic.auth_backends),
which load the user the same way with one statement."""

# The table name comes from model metadata and the values are parameters:
# ruff: noqa: S608

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from civic.auth_backends import LEGACY_BACKENDS
from civic.db_prepared import prepared_cursor


@functools.cache
def _select() -> str:
    table = connection.ops.quote_name(Session._meta.db_table)
    return (
        f"SELECT session_data, expire_date FROM {table} WHERE session_key = %s AND expire_date > %s"  # nosec B608
    )


def _current_backend(data: dict[str, Any]) -> dict[str, Any]:
    backend = data.get(BACKEND_SESSION_KEY)
    if backend in LEGACY_BACKENDS:
        data[BACKEND_SESSION_KEY] = LEGACY_BACKENDS[backend]
    return data


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        # Django's load, without making a Session instance of the row.
        row = self._session_row()
        return _current_backend(self.decode(row[0]) if row else {})

    async def aload(self) -> dict[str, Any]:
        return _current_backend(await super().aload())

    def _session_row(self) -> tuple[str, Any] | None:
        key = self.session_key
        row = None
        if key:
            db = connections[DEFAULT_DB_ALIAS]
            with prepared_cursor(db) as cursor:
                now = db.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(_select(), [key, now])
                row = cursor.fetchone()
        if not key or row is None:  # missing or expired: as Django's store, forget the key
            self._session_key = None
            return None
        return row[0], row[1]

    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        row = self._session_row()
        if row is None or key is None:
            return None
        return Session(session_key=key, session_data=row[0], expire_date=row[1])
