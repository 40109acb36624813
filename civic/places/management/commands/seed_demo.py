"""``manage.py seed_demo``: a realistic demo city (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civic.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF, seed, unclaimed_census_examples


class Command(BaseCommand):
    help = "Create the demo city of Riverton with staff, residents, census and processes."

    def handle(self, *args: Any, **options: Any) -> None:
        demo = seed(lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  Every demo account's password: {DEMO_PASSWORD}")
        self.stdout.write(
            "  Residents: resident1@riverton.example ... resident24@riverton.example "
            "(1-16 are verified residents)"
        )
        for identifier, birth_year in unclaimed_census_examples(demo.city, count=3):
            self.stdout.write(f"  Census identity nobody has used: {identifier}, born {birth_year}")
        self.stdout.write("  Staff (two-factor on): " + ", ".join(email for email, *_ in STAFF))
        self.stdout.write(f"  Staff TOTP secret (add to an authenticator app): {DEMO_TOTP_SECRET}")
