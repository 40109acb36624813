"""The role matrix: who may do what, as data, checked through rules and over HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import CityFixture

PEOPLE = [
    "anonymous",
    "unverified",
    "signed_in",
    "resident",
    "official",
    "official_no_mfa",
    "official_other",
    "moderator",
    "assessor",
    "org_admin",
    "superuser",
    "superuser_no_mfa",
]

# permission -> people allowed (on the test city's organisation); everyone else is denied.
MATRIX: dict[str, set[str]] = {
    "accounts.participate": {
        "signed_in",
        "resident",
        "official",
        "official_no_mfa",
        "official_other",
        "moderator",
        "assessor",
        "org_admin",
        "superuser",
    },
    "places.manage_census": {"official", "org_admin", "superuser"},
    "accounts.verify_in_person": {"official", "org_admin", "superuser"},
    "accounts.manage_memberships": {"org_admin", "superuser"},
    "places.change_organisation": {"org_admin", "superuser"},
    "places.view_organisation": set(PEOPLE) - {"anonymous", "superuser_no_mfa"},
}
CASES = [(perm, person, person in allowed) for perm, allowed in MATRIX.items() for person in PEOPLE]


@pytest.mark.parametrize(("permission", "person", "allowed"), CASES)
def test_rule_matrix(city: CityFixture, permission: str, person: str, allowed: bool) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = city.people.get(person) or AnonymousUser()
    if permission == "places.view_organisation" and person == "anonymous":
        allowed = True  # public, checked for anonymous visitors too
    obj = None if permission == "accounts.participate" else city.organisation
    assert user.has_perm(permission, obj) is allowed


@pytest.mark.parametrize("person", PEOPLE)
def test_census_page_and_api_follow_the_matrix(city: CityFixture, person: str) -> None:
    client = Client()
    user = city.people.get(person)
    if user is not None:
        client.force_login(user)
    allowed = person in MATRIX["places.manage_census"]
    page = client.get("/org/town/census/")
    api = client.get("/api/v1/organisations/town/census-imports/")
    if person == "anonymous":
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/login/")  # to the sign-in page
        assert api.status_code == 401
    elif person in ("official_no_mfa", "superuser_no_mfa"):
        assert page.status_code == 302
        assert page["Location"].startswith("/accounts/2fa/totp/activate")
        assert api.status_code == 403
    else:
        assert page.status_code == (200 if allowed else 403)
        assert api.status_code == (200 if allowed else 403)


def test_official_of_another_city_sees_nothing_of_this_one(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official_other"])
    assert client.get("/org/town/verify/").status_code == 403
    response = client.post(
        "/api/v1/organisations/town/verifications/",
        {"email": city.people["signed_in"].email, "area": "north", "birth_year": 1990},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get("/org/elsewhere/verify/").status_code == 200


def test_role_in_city_applies_to_its_departments(city: CityFixture) -> None:
    from tests.factories import make_organisation

    department = make_organisation(parent=city.organisation)
    assert city.people["official"].has_perm("places.manage_census", department)
    assert not city.people["official_other"].has_perm("places.manage_census", department)


def test_staff_without_second_factor_is_sent_to_set_one_up(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official_no_mfa"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    resident = Client()
    resident.force_login(city.people["resident"])
    assert resident.get("/").status_code == 200
