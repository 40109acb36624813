"""``manage.py seed_demo``: a realistic demo city (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civic.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF, seed


class Command(BaseCommand):
    help = "Create the demo city of Riverton with staff, residents, census and processes."

    def handle(self, *args: Any, **options: Any) -> None:
        seed(lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  Every demo account's password: {DEMO_PASSWORD}")
        self.stdout.write(
            "  Residents: resident1@riverton.example ... resident24@riverton.example "
            "(1-16 verified; others can verify with identifier RVT-00017 and the "
            "birth year in the census)"
        )
        self.stdout.write("  Staff (two-factor on): " + ", ".join(email for email, *_ in STAFF))
        self.stdout.write(f"  Staff TOTP secret (add to an authenticator app): {DEMO_TOTP_SECRET}")
