"""What the SDG app holds about a person: the local targets they entered as an official."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import User
from civic.sdg.models import LocalTarget


def export_local_targets(user: User) -> list[dict[str, Any]]:
    return [
        {
            "organisation": target.organisation_id,
            "code": target.code,
            "title": target.title,
            "created_at": target.created_at.isoformat(),
        }
        for target in LocalTarget.objects.filter(created_by=user).order_by("pk")
    ]
