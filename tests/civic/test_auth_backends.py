"""The backends that load the signed-in user with one statement answer exactly as Django's
and allauth's do, and sessions signed in through those keep working."""

from __future__ import annotations

import pytest
from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civic.accounts.models import User
from civic.auth_backends import AuthenticationBackend, ModelBackend
from civic.sessions import SessionStore
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db

PAIRS = [(ModelBackend, DjangoModelBackend), (AuthenticationBackend, AllauthBackend)]


def _fields(instance: Model | None) -> dict[str, object] | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.parametrize(("ours", "theirs"), PAIRS)
def test_get_user_answers_as_the_parent_backend(
    city: CityFixture, ours: type[ModelBackend], theirs: type[DjangoModelBackend]
) -> None:
    active = city.people["resident"]
    inactive = city.people["signed_in"]
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    unknown = User.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for user_id in (active.pk, str(active.pk), inactive.pk, unknown):
        expected = theirs().get_user(user_id)
        with CaptureQueriesContext(connection) as queries:
            got = ours().get_user(user_id)
        assert len(queries) == 1
        assert _fields(got) == _fields(expected), user_id
        if got is not None:
            assert type(got) is User and got._state.adding is False
            assert got._state.db == "default"
    assert ours().get_user(inactive.pk) is None
    assert ours().get_user(unknown) is None


def test_a_malformed_key_fails_as_the_orm_lookup_does(db: None) -> None:
    with pytest.raises(ValueError) as orm:
        DjangoModelBackend().get_user("not-a-number")
    with pytest.raises(ValueError) as ours:
        ModelBackend().get_user("not-a-number")
    assert str(ours.value) == str(orm.value)


def _token(user: User, backend: str) -> str:
    session = DjangoSessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


@pytest.mark.parametrize(
    "backend",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
        "civic.auth_backends.ModelBackend",
        "civic.auth_backends.AuthenticationBackend",
    ],
)
def test_sessions_of_every_backend_path_sign_in(city: CityFixture, backend: str) -> None:
    user = city.people["resident"]
    token = _token(user, backend)
    stored = SessionStore(token)
    assert stored[BACKEND_SESSION_KEY].startswith("civic.auth_backends.")
    response = Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert response.status_code == 200
    assert response.json()["email"] == user.email


@pytest.mark.parametrize(
    "backend", ["django.contrib.auth.backends.ModelBackend", "civic.auth_backends.ModelBackend"]
)
def test_a_password_change_signs_out_other_sessions(city: CityFixture, backend: str) -> None:
    user = city.people["resident"]
    token = _token(user, backend)
    browser = Client()
    browser.force_login(user)
    assert browser.get("/me/").status_code == 200
    assert Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200
    user.set_password("a whole new passphrase 42")
    user.save()
    assert Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401
    page = browser.get("/me/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_an_inactive_user_is_signed_out(city: CityFixture) -> None:
    user = city.people["resident"]
    token = _token(user, "civic.auth_backends.ModelBackend")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Client().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401


def test_sign_in_with_a_password_stores_our_backend(city: CityFixture) -> None:
    user = city.people["resident"]
    user.set_password("a whole new passphrase 42")
    user.save()
    client = Client()
    assert client.login(username=user.email, password="a whole new passphrase 42")
    assert client.session[BACKEND_SESSION_KEY].startswith("civic.auth_backends.")
    assert client.get("/me/").status_code == 200


def test_sessions_read_asynchronously_name_our_backend_too(city: CityFixture) -> None:
    from asgiref.sync import async_to_sync

    token = _token(city.people["resident"], "django.contrib.auth.backends.ModelBackend")
    data = async_to_sync(SessionStore(token).aload)()
    assert data[BACKEND_SESSION_KEY] == "civic.auth_backends.ModelBackend"
