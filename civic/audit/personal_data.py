"""What the audit trail holds about a person: the official actions they took."""

from __future__ import annotations

from typing import Any

from civic.accounts.models import User
from civic.audit.models import AuditEntry


def export_audit(user: User) -> list[dict[str, Any]]:
    return [
        {
            "when": entry.created_at.isoformat(),
            "action": entry.action,
            "organisation": entry.organisation_id,
            "subject": f"{entry.subject_type}:{entry.subject_id}",
            "reason": entry.reason,
        }
        for entry in AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
    ]
