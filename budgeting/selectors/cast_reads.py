"""What casting a ballot reads, as three statements written out once per process.

Casting is the hottest write of a vote: a city's electorate in the last hours before the
close. Building these joins with the ORM costs several times what running them costs
(benchmarks/ballots.py), so the SQL is generated once from the models' own metadata and
then only run with parameters; rows become model instances through ``Model.from_db``,
the ORM's own loading path. The eligibility rules themselves stay in ``eligibility.py``.
"""

# Every identifier in these statements comes from model metadata and every value is a
# parameter, so building them as strings is safe:
# ruff: noqa: S608

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model

from budgeting.models import Budget, Item, ItemStatus, Round, VoterRoll
from budgeting.models.items import Assessment
from civic.accounts.models import User, Verification
from civic.db_prepared import prepared_cursor
from civic.places.models import Area, Organisation

M = TypeVar("M", bound=Model)


def _columns(model: type[Model], alias: str) -> list[str]:
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(str(field.column))}" for field in model._meta.concrete_fields]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _load(model: type[M], row: Sequence[Any]) -> M:
    names = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(DEFAULT_DB_ALIAS, names, list(row))


def _width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)


@functools.cache
def _budget_sql() -> str:
    selected = ", ".join(
        _columns(Budget, "b")
        + _columns(Round, "r")
        + _columns(Organisation, "o")
        + _columns(Area, "a")
    )
    return (
        f"SELECT {selected} FROM {_table(Budget)} b"  # nosec B608
        f" JOIN {_table(Round)} r ON r.id = b.round_id"
        f" JOIN {_table(Organisation)} o ON o.id = r.organisation_id"
        f" JOIN {_table(Area)} a ON a.id = b.area_id"
        " WHERE b.id = %s"
    )


def budget_for_ballot(*, budget_id: int) -> Budget | None:
    """The budget with its round, the round's organisation and its area, in one query."""
    with prepared_cursor() as cursor:
        cursor.execute(_budget_sql(), [budget_id])
        row = cursor.fetchone()
    if row is None:
        return None
    widths = [_width(Budget), _width(Round), _width(Organisation)]
    budget = _load(Budget, row[: widths[0]])
    round_ = _load(Round, row[widths[0] : widths[0] + widths[1]])
    offset = widths[0] + widths[1]
    round_.organisation = _load(Organisation, row[offset : offset + widths[2]])
    budget.round = round_
    budget.area = _load(Area, row[offset + widths[2] :])
    return budget


@dataclass(frozen=True)
class VoterFacts:
    """What eligibility needs to know of a voter for one organisation."""

    email_verified: bool
    verification: Verification | None


@functools.cache
def _voter_sql() -> str:
    selected = ", ".join(_columns(Verification, "v") + _columns(Area, "a"))
    return (
        f"SELECT EXISTS (SELECT 1 FROM {_table(EmailAddress)} e"  # nosec B608
        " WHERE e.user_id = %s AND e.verified = %s), "
        f"{selected} FROM (SELECT 1 AS one) AS anchor"
        f" LEFT JOIN {_table(Verification)} v ON v.user_id = %s AND v.organisation_id IN (%s, %s)"
        f" LEFT JOIN {_table(Area)} a ON a.id = v.area_id"
        " ORDER BY v.id LIMIT 1"
    )


def voter_facts(*, user: User, organisation: Organisation) -> VoterFacts:
    """Whether ``user`` confirmed an email address, and their residence verification
    with this organisation (or the city it belongs to), in one query."""
    scope = [organisation.pk, organisation.parent_id or organisation.pk]
    with prepared_cursor() as cursor:
        cursor.execute(_voter_sql(), [user.pk, True, user.pk, *scope])
        row = cursor.fetchone()
    width = _width(Verification)
    verification = None
    if row[1] is not None:
        verification = _load(Verification, row[1 : 1 + width])
        verification.area = _load(Area, row[1 + width :])
    return VoterFacts(email_verified=bool(row[0]), verification=verification)


@functools.cache
def _costs_sql() -> str:
    return (
        "SELECT i.id, i.estimated_cost, s.cost_estimate"  # nosec B608
        f" FROM {_table(Item)} i LEFT JOIN {_table(Assessment)} s ON s.item_id = i.id"
        " WHERE i.budget_id = %s AND i.on_ballot = %s AND i.status = %s"
    )


def ballot_item_costs(*, budget: Budget) -> dict[int, Decimal]:
    """What each proposal on the ballot costs (the assessed cost once there is one)."""
    with prepared_cursor() as cursor:
        cursor.execute(_costs_sql(), [budget.pk, True, ItemStatus.SUBMITTED.value])
        rows = cursor.fetchall()
    return {
        item_id: _decimal(assessed if assessed is not None else estimated)
        for item_id, estimated, assessed in rows
    }


def _decimal(value: object) -> Decimal:
    # SQLite hands decimals back as numbers; PostgreSQL as Decimal already.
    return value if isinstance(value, Decimal) else Decimal(str(value))


@functools.cache
def _cast_facts_sql() -> str:
    voter = _voter_sql()
    costs = _costs_sql().split(" FROM ", 1)[1] + " ORDER BY i.id"
    head, tail = voter.split(" FROM (SELECT 1 AS one) AS anchor", 1)
    roll = _roll_sql(True).replace(
        "SELECT id, channel FROM", "SELECT ARRAY[id::text, channel] FROM"
    )
    return (
        f"{head}, ARRAY(SELECT i.id FROM {costs}),"  # nosec B608
        f" ARRAY(SELECT COALESCE(s.cost_estimate, i.estimated_cost) FROM {costs}), ({roll})"
        f" FROM (SELECT 1 AS one) AS anchor{tail}"
    )


@dataclass(frozen=True)
class CastFacts:
    """What casting reads before it writes."""

    voter: VoterFacts
    costs: dict[int, Decimal]
    roll: tuple[int, str] | None  # the voter's roll row in the budget, locked


def cast_facts(*, user: User, budget: Budget) -> CastFacts:
    """``voter_facts`` for the budget's organisation, ``ballot_item_costs`` of the budget
    and ``roll_entry_locked``: one statement on PostgreSQL (the costs as two arrays in item
    order; the roll row locked by its sub-select as by its own statement), three elsewhere.
    ``budget`` comes with its round and organisation (``budget_for_ballot``)."""
    organisation = budget.round.organisation
    if connection.vendor != "postgresql":
        return CastFacts(
            voter=voter_facts(user=user, organisation=organisation),
            costs=ballot_item_costs(budget=budget),
            roll=roll_entry_locked(budget=budget, user=user),
        )
    scope = [organisation.pk, organisation.parent_id or organisation.pk]
    items = [budget.pk, True, ItemStatus.SUBMITTED.value]
    params = [user.pk, True, *items, *items, budget.pk, user.pk, user.pk, *scope]
    with prepared_cursor() as cursor:
        cursor.execute(_cast_facts_sql(), params)
        row = cursor.fetchone()
    width = _width(Verification)
    verification = None
    if row[1] is not None:
        verification = _load(Verification, row[1 : 1 + width])
        verification.area = _load(Area, row[1 + width : -3])
    costs = {item_id: _decimal(cost) for item_id, cost in zip(row[-3], row[-2], strict=True)}
    roll = (int(row[-1][0]), str(row[-1][1])) if row[-1] is not None else None
    return CastFacts(
        voter=VoterFacts(email_verified=bool(row[0]), verification=verification),
        costs=costs,
        roll=roll,
    )


@functools.cache
def _roll_sql(lock: bool) -> str:
    return f"SELECT id, channel FROM {_table(VoterRoll)} WHERE budget_id = %s AND user_id = %s" + (  # nosec B608
        " FOR UPDATE" if lock else ""
    )


def roll_entry_locked(*, budget: Budget, user: User) -> tuple[int, str] | None:
    """The voter's roll row in this budget (id, channel), locked until the transaction
    ends: parallel submissions by one voter queue here."""
    with prepared_cursor() as cursor:
        cursor.execute(_roll_sql(connection.features.has_select_for_update), [budget.pk, user.pk])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None
