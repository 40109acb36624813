"""``{% load audit %}{% public_audit_log "consultation" consultation.pk %}``: the latest
public actions on a process, as a section of its page (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from civic.audit.models import AuditEntry

register = template.Library()

SHOWN = 10


@register.inclusion_tag("audit/_public_log.html")
def public_audit_log(process_type: str, process_id: int) -> dict[str, Any]:
    entries = list(
        AuditEntry.objects.filter(
            process_type=process_type, process_id=process_id, public=True
        ).order_by("-created_at", "-id")[: SHOWN + 1]
    )
    return {
        "entries": entries[:SHOWN],
        "more": len(entries) > SHOWN,
        "process_type": process_type,
        "process_id": process_id,
    }
