"""Database sessions, read with one statement built once: every signed-in page and every
API request reads its session, and the ORM's query building cost more than the read."""

# The table name comes from model metadata and the values are parameters:
# ruff: noqa: S608

from __future__ import annotations

import functools

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone


@functools.cache
def _select() -> str:
    table = connection.ops.quote_name(Session._meta.db_table)
    return (
        f"SELECT session_data, expire_date FROM {table} WHERE session_key = %s AND expire_date > %s"  # nosec B608
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        row = None
        if key:
            with connection.cursor() as cursor:
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(_select(), [key, now])
                row = cursor.fetchone()
        if not key or row is None:  # missing or expired: as Django's store, forget the key
            self._session_key = None
            return None
        return Session(session_key=key, session_data=row[0], expire_date=row[1])
