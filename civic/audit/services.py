"""Recording official actions. Call ``audit_record`` inside the service's own transaction,
so that the entry exists exactly when the action commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from civic.audit.actions import action_kind
from civic.audit.models import AuditEntry
from civic.places.models import Organisation

# Fields no audit entry ever carries, whatever a caller passes: ballot contents and anything
# that could tie a voter to a choice.
FORBIDDEN_KEYS = frozenset(
    {"choices", "selections", "ballot", "ballot_id", "token", "receipt", "voter", "voter_id"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values (foreign keys as their ids)."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            snapshot[name] = getattr(obj, field.attname)
        elif field.many_to_many:
            snapshot[name] = (
                sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
            )
        else:
            snapshot[name] = _plain(getattr(obj, name))
    return snapshot


def audit_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in {*before, *after} if _plain(before.get(k)) != _plain(after.get(k))]
    return (
        {k: _plain(before.get(k)) for k in sorted(keys)},
        {k: _plain(after.get(k)) for k in sorted(keys)},
    )


def audit_record(
    *,
    actor: Any,
    organisation: Organisation | None,
    action: str,
    subject_type: str,
    subject_id: int,
    process_type: str | None = None,
    process_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    public: bool | None = None,
) -> AuditEntry:
    """Append one entry. ``public`` defaults to whether the action is public by nature.

    ``process_type``/``process_id`` name the process the subject belongs to (default: the
    subject itself). Keys that could carry ballot contents are refused.
    """
    kind = action_kind(action)
    before_data = _plain(dict(before or {}))
    after_data = _plain(dict(after or {}))
    leaked = FORBIDDEN_KEYS & (set(before_data) | set(after_data))
    if leaked:
        raise ValueError(f"Audit entries never carry {sorted(leaked)}.")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        process_type=process_type or subject_type,
        process_id=process_id if process_id is not None else subject_id,
        before=before_data,
        after=after_data,
        reason=str(reason or "")[:2000],
        public=kind.public if public is None else public,
    )


def audit_edit(
    *,
    actor: Any,
    organisation: Organisation | None,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any],
    subject_type: str,
    process_type: str | None = None,
    process_id: int | None = None,
    reason: str = "",
) -> AuditEntry | None:
    """Record an edit: ``before`` is ``audit_snapshot(obj, names)`` taken before the change;
    the same names are read again now and only what differs is kept. Nothing changed, no
    entry."""
    changed_before, changed_after = audit_changes(before, audit_snapshot(obj, list(before)))
    if not changed_after and not changed_before:
        return None
    return audit_record(
        actor=actor,
        organisation=organisation,
        action=action,
        subject_type=subject_type,
        subject_id=int(obj.pk),
        process_type=process_type,
        process_id=process_id,
        before=changed_before,
        after=changed_after,
        reason=reason,
    )
