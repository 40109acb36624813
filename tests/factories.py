"""Test data builders (factory_boy) and a small city with people in every role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from civic.accounts.models import Role, User
from civic.accounts.services.memberships import membership_grant
from civic.accounts.services.verification import verification_in_person
from civic.places.models import Area, AreaKind, Organisation
from civic.places.services.areas import area_create

PASSWORD = "a-long-test-password-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def email_verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(
                user=obj,
                email=obj.email,
                primary=True,
                verified=bool(extracted if extracted is not None else True),
            )


def make_organisation(**fields: object) -> Organisation:
    return cast(Organisation, OrganisationFactory(**fields))


def make_user(**fields: object) -> User:
    return cast(User, UserFactory(**fields))


def make_areas(organisation: Organisation) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    areas["city"] = area_create(
        organisation=organisation, name="Town", code="town", kind=AreaKind.CITY, population=10_000
    )
    for code in ("north", "south"):
        areas[code] = area_create(
            organisation=organisation,
            name=code.title(),
            code=code,
            kind=AreaKind.DISTRICT,
            parent=areas["city"],
            population=5000,
        )
    areas["north-1"] = area_create(
        organisation=organisation,
        name="North One",
        code="north-1",
        kind=AreaKind.NEIGHBOURHOOD,
        parent=areas["north"],
    )
    return areas


def staff(organisation: Organisation, role: str, *, mfa: bool = True) -> User:
    user = make_user()
    membership_grant(user=user, organisation=organisation, role=role)
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


@dataclass
class CityFixture:
    organisation: Organisation
    other_organisation: Organisation
    areas: dict[str, Area]
    people: dict[str, User]


def build_city() -> CityFixture:
    organisation = make_organisation(name="Town", slug="town")
    other = make_organisation(name="Elsewhere", slug="elsewhere")
    areas = make_areas(organisation)
    make_areas_other = area_create(
        organisation=other, name="Elsewhere", code="else", kind=AreaKind.CITY
    )
    official = staff(organisation, Role.OFFICIAL)
    resident = make_user()
    verification_in_person(
        actor=official,
        user=resident,
        organisation=organisation,
        area=areas["north-1"],
        birth_year=1980,
    )
    superuser = make_user(is_superuser=True, is_staff=True)
    TOTP.activate(superuser, TOTP_SECRET)
    superuser_no_mfa = make_user(is_superuser=True, is_staff=True)
    people: dict[str, User] = {
        "unverified": make_user(email_verified=False),
        "signed_in": make_user(),
        "resident": resident,
        "official": official,
        "official_no_mfa": staff(organisation, Role.OFFICIAL, mfa=False),
        "official_other": staff(other, Role.OFFICIAL),
        "moderator": staff(organisation, Role.MODERATOR),
        "assessor": staff(organisation, Role.ASSESSOR),
        "org_admin": staff(organisation, Role.ADMINISTRATOR),
        "superuser": superuser,
        "superuser_no_mfa": superuser_no_mfa,
    }
    del make_areas_other
    return CityFixture(organisation, other, areas, people)
