"""The writes of casting a ballot, as statements built once per process from the models.

The companion of ``budgeting.selectors.cast_reads``: on the hottest write of a vote the
ORM's statement building costs more than PostgreSQL's work. Values are prepared by each
field's own ``get_db_prep_save``, so defaults, UUIDs and every column the models gain
later are handled as the ORM would; the statements run inside the caller's transaction.
"""

# Identifiers come from model metadata and every value is a parameter:
# ruff: noqa: S608

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import AutoField, BigAutoField, Field, Model, SmallAutoField

from budgeting.models import Ballot, BallotChoice, VoterRoll
from civic.db_prepared import prepared_cursor

_AUTO = (AutoField, BigAutoField, SmallAutoField)


def _quote(name: str | None) -> str:
    return connection.ops.quote_name(str(name))


@functools.cache
def _insert_sql(
    model: type[Model], rows: int, returning_key: bool = True
) -> tuple[str, tuple[Field, ...]]:
    fields = tuple(f for f in model._meta.concrete_fields if not isinstance(f, _AUTO))
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk = model._meta.pk
    returning = (
        f" RETURNING {_quote(pk.column)}"
        if pk is not None and isinstance(pk, _AUTO) and rows == 1 and returning_key
        else ""
    )
    sql = (
        f"INSERT INTO {_quote(model._meta.db_table)}"  # nosec B608
        f" ({', '.join(_quote(f.column) for f in fields)})"
        f" VALUES {', '.join([placeholders] * rows)}{returning}"
    )
    return sql, fields


def _values(
    objects: Sequence[Model], fields: Sequence[Field], db: BaseDatabaseWrapper
) -> list[Any]:
    return [
        field.get_db_prep_save(field.pre_save(obj, True), db) for obj in objects for field in fields
    ]


def _saved(objects: Sequence[Model], db: BaseDatabaseWrapper) -> None:
    for obj in objects:
        obj._state.adding = False
        obj._state.db = db.alias


def _insert(objects: Sequence[Model]) -> None:
    """Insert ``objects`` (all of one model) in one statement; a single object with an
    automatic key gets its key back."""
    if not objects:
        return
    model = type(objects[0])
    sql, fields = _insert_sql(model, len(objects))
    db = connections[DEFAULT_DB_ALIAS]  # once, not through the proxy for every field
    params = _values(objects, fields, db)
    with prepared_cursor(db) as cursor:
        cursor.execute(sql, params)
        if " RETURNING " in sql:
            objects[0].pk = cursor.fetchone()[0]
    _saved(objects, db)


def roll_insert(entry: VoterRoll) -> VoterRoll:
    _insert([entry])
    return entry


def ballot_insert(ballot: Ballot) -> Ballot:
    _insert([ballot])
    return ballot


def choices_insert(choices: Sequence[BallotChoice]) -> None:
    _insert(choices)


@functools.cache
def _ballot_sql() -> tuple[str, str, str]:
    ballots, choices = _quote(Ballot._meta.db_table), _quote(BallotChoice._meta.db_table)
    return (
        f"SELECT id FROM {ballots} WHERE budget_id = %s AND voter_key = %s",  # nosec B608
        f"DELETE FROM {choices} WHERE ballot_id = %s",  # nosec B608
        f"UPDATE {ballots} SET receipt_hash = %s WHERE id = %s",  # nosec B608
    )


def _ballot_key(value: uuid.UUID) -> str | uuid.UUID:
    # PostgreSQL takes a UUID; SQLite stores its hex form.
    return value if connection.features.has_native_uuid_field else value.hex


def ballot_find(*, budget_id: int, voter_key: str) -> uuid.UUID | None:
    select, _delete, _update = _ballot_sql()
    with prepared_cursor() as cursor:
        cursor.execute(select, [budget_id, voter_key])
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(str(row[0]))


def ballot_clear(*, ballot_id: uuid.UUID, receipt_hash: str) -> None:
    """Drop the ballot's choices and give it the new receipt's hash."""
    _select, delete, update = _ballot_sql()
    key = _ballot_key(ballot_id)
    with prepared_cursor() as cursor:
        cursor.execute(delete, [key])
        cursor.execute(update, [receipt_hash, key])


@functools.cache
def _replace_sql() -> str:
    ballots, choices = _quote(Ballot._meta.db_table), _quote(BallotChoice._meta.db_table)

    def column(model: type[Model], name: str) -> str:
        return _quote(model._meta.get_field(name).column)  # type: ignore[union-attr]

    ballot_pk = _quote(Ballot._meta.pk.column if Ballot._meta.pk else "id")
    return (
        f"WITH replaced AS (UPDATE {ballots} SET {column(Ballot, 'receipt_hash')} = %s"  # nosec B608
        f" WHERE {column(Ballot, 'budget')} = %s AND {column(Ballot, 'voter_key')} = %s"
        f" RETURNING {ballot_pk}),"
        f" dropped AS (DELETE FROM {choices} WHERE {column(BallotChoice, 'ballot')}"
        f" IN (SELECT {ballot_pk} FROM replaced))"
        f" SELECT {ballot_pk} FROM replaced"
    )


def ballot_replace(*, budget_id: int, voter_key: str, receipt_hash: str) -> uuid.UUID | None:
    """The voter's ballot in this budget, if there is one, emptied of its choices and given
    the new receipt's hash: one statement on PostgreSQL (its sub-statements share one
    snapshot, and the caller holds the voter's roll row), three elsewhere."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        ballot_id = ballot_find(budget_id=budget_id, voter_key=voter_key)
        if ballot_id is not None:
            ballot_clear(ballot_id=ballot_id, receipt_hash=receipt_hash)
        return ballot_id
    with prepared_cursor(db) as cursor:
        cursor.execute(_replace_sql(), [receipt_hash, budget_id, voter_key])
        row = cursor.fetchone()
    return row[0] if row else None


def cast_insert(*, entry: VoterRoll, ballot: Ballot, choices: Sequence[BallotChoice]) -> None:
    """A first ballot: the voter's roll row, the ballot and its choices. One statement on
    PostgreSQL (the ballot and its choices in WITH clauses; the choices' key to the ballot
    is checked at the statement's end, and any unique constraint fails it whole), three
    elsewhere. The roll row gets its key back."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        _insert([entry])
        _insert([ballot])
        _insert(choices)
        return
    clauses, params = [], []
    for name, group in (("cast_ballot", [ballot]), ("cast_choices", list(choices))):
        if group:
            sql, fields = _insert_sql(type(group[0]), len(group), returning_key=False)
            clauses.append(f"{name} AS ({sql})")
            params += _values(group, fields, db)
    sql, fields = _insert_sql(VoterRoll, 1)
    params += _values([entry], fields, db)
    with prepared_cursor(db) as cursor:
        cursor.execute(f"WITH {', '.join(clauses)} {sql}", params)
        entry.pk = cursor.fetchone()[0]
    _saved([entry, ballot, *choices], db)
