"""Authentication backends: Django's and allauth's, with the signed-in user loaded by one
statement built once from the user model's metadata.

Every signed-in request (each ballot at the peak of a vote included) loads its user;
building that query with the ORM cost more than running it. Sign-in, permissions and
everything else are the parent classes' own. Sessions signed in through the parents'
paths keep working: ``civic.sessions`` reads their backend path as these classes'.
"""

# Identifiers come from model metadata and the key is a parameter:
# ruff: noqa: S608

from __future__ import annotations

import functools
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Field

from civic.db_prepared import prepared_cursor

# What sessions signed in before these classes existed name as their backend.
LEGACY_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "civic.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "civic.auth_backends.AuthenticationBackend"
    ),
}


def _pk() -> Field[Any, Any]:
    pk = get_user_model()._meta.pk
    if pk is None:  # every concrete model has one
        raise ImproperlyConfigured("The user model has no primary key.")
    return pk


@functools.cache
def _user_sql(vendor: str) -> tuple[str, tuple[str, ...]]:
    model = get_user_model()
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    pk = _pk()
    columns = ", ".join(quote(str(field.column)) for field in fields)
    sql = (
        f"SELECT {columns} FROM {quote(model._meta.db_table)}"  # nosec B608
        f" WHERE {quote(str(pk.column))} = %s"
    )
    return sql, tuple(field.attname for field in fields)


def user_by_pk(user_id: Any) -> AbstractBaseUser | None:
    """The user with primary key ``user_id``, loaded as the ORM loads it (``from_db``:
    the same instance, signals and state), or None."""
    model = get_user_model()
    alias = router.db_for_read(model)
    connection = connections[alias]
    pk = _pk()
    # The lookup's own conversion: a malformed key fails as ``objects.get(pk=...)`` does.
    value = pk.get_db_prep_value(pk.get_prep_value(user_id), connection, prepared=True)
    sql, names = _user_sql(connection.vendor)
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    return model.from_db(alias, list(names), list(row))


class _UserByOneStatement:
    def get_user(self, user_id: Any) -> Any:  # the user model, or None
        user = user_by_pk(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_UserByOneStatement, DjangoModelBackend):
    """Django's backend (passwords, permissions); the user loaded by one statement."""


class AuthenticationBackend(_UserByOneStatement, AllauthBackend):
    """allauth's backend (sign-in by email); the user loaded by one statement."""
