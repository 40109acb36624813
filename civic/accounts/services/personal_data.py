"""A person's right to their data: download it, and delete their account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from civic.accounts import personal_data
from civic.accounts.models import User


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as JSON-ready data."""
    data: dict[str, Any] = {
        "format": "civic-square-personal-data/1",
        "exported_at": timezone.now().isoformat(),
    }
    for section, exporter in sorted(personal_data.exporters().items()):
        data[section] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Remove the person. Contributions and ballots stay, anonymised: every app's eraser
    detaches them from the account before the account row goes."""
    for _section, eraser in sorted(personal_data.erasers().items()):
        eraser(user)
    user.delete()
