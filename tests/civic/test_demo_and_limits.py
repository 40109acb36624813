"""The demo city, and the sign-in rate limit."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from civic.accounts.models import Membership, User, Verification
from civic.places.models import Area, CensusEntry, Organisation
from tests.factories import PASSWORD, CityFixture


def test_seed_demo_builds_a_city_and_is_safe_to_run_twice(db: None) -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (
        Organisation.objects.count(),
        Area.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Verification.objects.count(),
        CensusEntry.objects.count(),
    )
    call_command("seed_demo", stdout=StringIO())
    again = (
        Organisation.objects.count(),
        Area.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Verification.objects.count(),
        CensusEntry.objects.count(),
    )
    assert counts == again
    assert counts[1] == 13 and counts[5] == 400
    # 16 of the demo residents are verified (feature steps may verify their own demo people).
    assert Verification.objects.filter(user__email__startswith="resident").count() == 16
    assert "Census identity nobody has used: RVT-00017" in out.getvalue()
    city = Organisation.objects.get(slug="riverton")
    assert Area.objects.filter(organisation=city, kind="neighbourhood").count() == 8


def test_failed_sign_ins_are_rate_limited(city: CityFixture) -> None:
    client = Client()
    email = city.people["resident"].email
    pages = [
        client.post("/accounts/login/", {"login": email, "password": "wrong"}).content.decode()
        for _attempt in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused while the limit holds.
    right = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session
