"""Sign-up, email confirmation, then verification against the census: the pages a resident uses."""

from __future__ import annotations

import io
import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from civic.accounts.models import User, Verification
from civic.notifications.models import OutboundEmail
from civic.places.services.census import census_import
from tests.factories import CityFixture


def test_sign_up_confirm_email_then_verify_by_census(
    city: CityFixture, django_capture_on_commit_callbacks
) -> None:
    census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nZ-77,1991,north-1\n"),
        filename="c.csv",
    )
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new.resident@example.org",
                "password1": "correct horse battery 9",
                "password2": "correct horse battery 9",
                "display_name": "New Resident",
                "preferred_language": "en",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.resident@example.org")
    assert user.display_name == "New Resident"

    # The confirmation email went through the outbox and a Celery task.
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", str(mail.outbox[0].body))
    assert link is not None

    # Not confirmed yet: verification is refused with an explanation.
    client.force_login(user)
    page = client.get("/me/verification/")
    assert "Confirm your email address first" in page.content.decode()

    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    assert EmailAddress.objects.get(user=user).verified

    wrong = client.post(
        "/me/verification/",
        {"organisation": city.organisation.pk, "identifier": "Z-77", "birth_year": 1990},
    )
    assert "could not find a resident" in wrong.content.decode()
    assert not Verification.objects.filter(user=user).exists()

    right = client.post(
        "/me/verification/",
        {"organisation": city.organisation.pk, "identifier": "z 77", "birth_year": 1991},
        follow=True,
    )
    assert "You are verified" in right.content.decode()
    verification = Verification.objects.get(user=user)
    assert verification.area == city.areas["north-1"]
    assert verification.method == Verification.Method.CENSUS


def test_one_census_identity_verifies_one_account(city: CityFixture) -> None:
    from civic.accounts.services.verification import verification_by_census
    from civic.errors import Conflict

    census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(b"identifier,birth_year,area\nQ-1,1970,south\n"),
        filename="c.csv",
    )
    verification_by_census(
        user=city.people["signed_in"],
        organisation=city.organisation,
        identifier="Q-1",
        birth_year=1970,
    )
    try:
        verification_by_census(
            user=city.people["unverified"],
            organisation=city.organisation,
            identifier="Q-1",
            birth_year=1970,
        )
    except Conflict as error:
        assert error.field == "identifier"
    else:
        raise AssertionError("a second account was verified with the same census identity")


def test_census_verification_is_rate_limited_on_the_page(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["signed_in"])
    for _attempt in range(10):
        client.post(
            "/me/verification/",
            {"organisation": city.organisation.pk, "identifier": "nope", "birth_year": 1990},
        )
    response = client.post(
        "/me/verification/",
        {"organisation": city.organisation.pk, "identifier": "nope", "birth_year": 1990},
    )
    assert "Too many attempts" in response.content.decode()


def test_official_verifies_a_resident_in_person(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official"])
    resident = city.people["signed_in"]
    response = client.post(
        "/org/town/verify/",
        {
            "email": resident.email,
            "area": city.areas["south"].pk,
            "birth_year": 1999,
            "note": "residence permit",
        },
        follow=True,
    )
    assert "The resident is verified" in response.content.decode()
    verification = Verification.objects.get(user=resident)
    assert verification.verified_by == city.people["official"]
    assert verification.method == Verification.Method.IN_PERSON
    unknown = client.post(
        "/org/town/verify/",
        {"email": "ghost@example.org", "area": city.areas["south"].pk, "birth_year": 1999},
    )
    assert "No account uses this email address" in unknown.content.decode()
