"""Demo data: a realistic small city that every feature app adds its processes to.

Steps are idempotent (run ``seed_demo`` twice, get the same city). Feature apps
register further steps in their ``AppConfig.ready``; they run after the city exists.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from civic.accounts.models import Role, User
from civic.accounts.services.memberships import membership_grant
from civic.accounts.services.verification import verification_by_census
from civic.places.models import Area, AreaKind, CensusEntry, Organisation
from civic.places.services.areas import area_create
from civic.places.services.census import census_identifier_hash

DEMO_PASSWORD = "civic-demo-2026"  # noqa: S105  # published demo credential  # nosec B105
# A published demo secret: add it to an authenticator app, or run
#   .venv/bin/python -c "import pyotp; print(pyotp.TOTP('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP').now())"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # published demo secret  # nosec B105


@dataclass
class DemoCity:
    city: Organisation
    departments: list[Organisation]
    areas: dict[str, Area]
    staff: dict[str, User]
    residents: list[User] = field(default_factory=list)


Step = Callable[[DemoCity, Callable[[str], None]], None]
_steps: dict[str, Step] = {}


def register_step(name: str, step: Step) -> None:
    _steps[name] = step


AREAS: list[tuple[str, str, str, str | None, int]] = [
    ("riverton", "Riverton", AreaKind.CITY, None, 184_000),
    ("north", "North Bank", AreaKind.DISTRICT, "riverton", 52_000),
    ("old-town", "Old Town", AreaKind.DISTRICT, "riverton", 38_000),
    ("harbour", "Harbour", AreaKind.DISTRICT, "riverton", 41_000),
    ("south", "South Hills", AreaKind.DISTRICT, "riverton", 53_000),
    ("millbrook", "Millbrook", AreaKind.NEIGHBOURHOOD, "north", 21_000),
    ("cedar-park", "Cedar Park", AreaKind.NEIGHBOURHOOD, "north", 31_000),
    ("castle-hill", "Castle Hill", AreaKind.NEIGHBOURHOOD, "old-town", 17_000),
    ("market", "Market Quarter", AreaKind.NEIGHBOURHOOD, "old-town", 21_000),
    ("docklands", "Docklands", AreaKind.NEIGHBOURHOOD, "harbour", 24_000),
    ("lighthouse", "Lighthouse Point", AreaKind.NEIGHBOURHOOD, "harbour", 17_000),
    ("orchard", "Orchard Rise", AreaKind.NEIGHBOURHOOD, "south", 29_000),
    ("quarry", "Quarry Fields", AreaKind.NEIGHBOURHOOD, "south", 24_000),
]
NEIGHBOURHOODS = [code for code, _n, kind, _p, _pop in AREAS if kind == AreaKind.NEIGHBOURHOOD]

STAFF: list[tuple[str, str, str]] = [
    ("admin@riverton.example", "Alex Admin", Role.ADMINISTRATOR),
    ("official@riverton.example", "Olivia Official", Role.OFFICIAL),
    ("moderator@riverton.example", "Max Moderator", Role.MODERATOR),
    ("assessor@riverton.example", "Ana Assessor", Role.ASSESSOR),
]
RESIDENT_NAMES = [
    "Amira Haddad",
    "Ben Okafor",
    "Chen Wei",
    "Dana Kowalski",
    "Elif Demir",
    "Farah Malik",
    "Gustavo Lima",
    "Hannah Berg",
    "Ivan Petrov",
    "Jia Li",
    "Kofi Mensah",
    "Lena Novak",
    "Mateo García",
    "Nadia Rahman",
    "Oskar Lund",
    "Priya Nair",
    "Quinn Murphy",
    "Rosa Ferreira",
    "Samir Aziz",
    "Tomasz Zielinski",
    "Uma Patel",
    "Viktor Horvath",
    "Wen Zhao",
    "Yara Saleh",
]


def _user(email: str, name: str, *, language: str = "en") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "preferred_language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _ensure_mfa(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


@transaction.atomic
def seed_city(say: Callable[[str], None]) -> DemoCity:
    city, _created = Organisation.objects.get_or_create(
        slug="riverton",
        defaults={
            "name": "City of Riverton",
            "website": "https://riverton.example",
            "description": "A river city of 184,000 people in four districts.",
            "contact_email": "participation@riverton.example",
        },
    )
    departments = [
        Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "parent": city})[0]
        for slug, name in [
            ("riverton-parks", "Riverton Parks and Green Spaces"),
            ("riverton-mobility", "Riverton Mobility Department"),
        ]
    ]
    areas: dict[str, Area] = {area.code: area for area in Area.objects.filter(organisation=city)}
    for code, name, kind, parent, population in AREAS:
        if code not in areas:
            areas[code] = area_create(
                organisation=city,
                name=name,
                code=code,
                kind=kind,
                parent=areas[parent] if parent else None,
                population=population,
            )
    staff: dict[str, User] = {}
    for email, name, role in STAFF:
        user = _user(email, name)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        membership_grant(user=user, organisation=city, role=role)
        _ensure_mfa(user)
        staff[role] = user
    admin = staff[Role.ADMINISTRATOR]
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])

    # The census: 400 residents; the first 16 demo residents are verified against it.
    rng = random.Random(2026)  # noqa: S311 - demo data, not security  # demo data, not security  # nosec B311
    entries = []
    for number in range(1, 401):
        identifier = f"RVT-{number:05d}"
        entries.append(
            CensusEntry(
                organisation=city,
                identifier_hash=census_identifier_hash(organisation=city, identifier=identifier),
                birth_year=rng.randint(1940, 2010),
                area=areas[rng.choice(NEIGHBOURHOODS)],
            )
        )
    CensusEntry.objects.bulk_create(entries, ignore_conflicts=True)
    birth_years = dict(
        CensusEntry.objects.filter(organisation=city).values_list("identifier_hash", "birth_year")
    )
    demo = DemoCity(city=city, departments=departments, areas=areas, staff=staff)
    for index, name in enumerate(RESIDENT_NAMES, start=1):
        email = f"resident{index}@riverton.example"
        language = ["en", "en", "zh-hans", "ar"][index % 4]
        resident = _user(email, name, language=language)
        demo.residents.append(resident)
        if index <= 16 and not resident.verifications.exists():
            identifier = f"RVT-{index:05d}"
            year = birth_years[census_identifier_hash(organisation=city, identifier=identifier)]
            verification_by_census(
                user=resident, organisation=city, identifier=identifier, birth_year=year
            )
    say(
        f"City '{city.name}': {len(areas)} areas, {len(staff)} staff, "
        f"{len(demo.residents)} residents, {len(entries)} census rows."
    )
    return demo


def unclaimed_census_examples(city: Organisation, *, count: int) -> list[tuple[str, int]]:
    """Demo census identities nobody has used yet (the demo knows its own identifiers)."""
    found: list[tuple[str, int]] = []
    for number in range(17, 401):
        identifier = f"RVT-{number:05d}"
        entry = CensusEntry.objects.filter(
            organisation=city,
            identifier_hash=census_identifier_hash(organisation=city, identifier=identifier),
            verification__isnull=True,
        ).first()
        if entry is not None:
            found.append((identifier, entry.birth_year))
        if len(found) == count:
            break
    return found


def seed(say: Callable[[str], None]) -> DemoCity:
    demo = seed_city(say)
    for name, step in _steps.items():
        with transaction.atomic():
            step(demo, say)
        say(f"Demo step done: {name}")
    return demo
