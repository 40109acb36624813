"""Writes of local SDG targets (officials of the organisation)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from civic.accounts.models import User
from civic.errors import PermissionDenied, ValidationFailed
from civic.places.models import Organisation
from civic.sdg.goals import is_goal_number
from civic.sdg.models import LocalTarget
from civic.sdg.validation import sdg_target_clean

FIELDS = ("goal", "global_target", "code", "title", "description", "indicator", "target_year")


def _clean(organisation: Organisation, fields: dict[str, Any], *, pk: int | None) -> dict[str, Any]:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields."), errors={k: [_("Unknown field.")] for k in unknown}
        )
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    if "goal" in cleaned and not is_goal_number(cleaned["goal"]):
        errors["goal"] = [_("SDG goals are numbers from 1 to 17.")]
    for name, message in (
        ("code", _("Give the target a code.")),
        ("title", _("Give the target a title.")),
    ):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
            if not cleaned[name]:
                errors[name] = [message]
    for name in ("description", "indicator"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    year = cleaned.get("target_year")
    if year is not None and not (isinstance(year, int) and 2000 <= year <= 2100):
        errors["target_year"] = [_("Give a year between 2000 and 2100.")]
    if "code" in cleaned and cleaned["code"] and not errors.get("code"):
        clash = LocalTarget.objects.filter(organisation=organisation, code=cleaned["code"])
        if pk is not None:
            clash = clash.exclude(pk=pk)
        if clash.exists():
            errors["code"] = [_("Another local target of this organisation has this code.")]
    if errors:
        raise ValidationFailed(_("Check the local target."), errors=errors)
    return cleaned


@contextmanager
def _code_unique() -> Iterator[None]:
    """Two officials saving the same code at once: the unique constraint decides, and the
    loser gets the same field error as the check in ``_clean``."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise ValidationFailed(
            _("Check the local target."),
            errors={"code": [_("Another local target of this organisation has this code.")]},
        ) from error


def _check(actor: User, obj: Any) -> None:
    if not actor.has_perm("sdg.manage_localtarget", obj):
        raise PermissionDenied(_("Only the organisation's officials manage its SDG targets."))


@transaction.atomic
def local_target_create(
    *,
    actor: User,
    organisation: Organisation,
    goal: int,
    code: str,
    title: str,
    global_target: str = "",
    description: str = "",
    indicator: str = "",
    target_year: int | None = None,
) -> LocalTarget:
    _check(actor, organisation)
    fields = _clean(
        organisation,
        {
            "goal": goal,
            "code": code,
            "title": title,
            "global_target": global_target,
            "description": description,
            "indicator": indicator,
            "target_year": target_year,
        },
        pk=None,
    )
    fields["global_target"] = sdg_target_clean(fields["global_target"], goal=fields["goal"])
    with _code_unique():
        return LocalTarget.objects.create(organisation=organisation, created_by=actor, **fields)


@transaction.atomic
def local_target_update(*, actor: User, target: LocalTarget, **fields: Any) -> LocalTarget:
    _check(actor, target)
    locked = LocalTarget.objects.select_for_update().get(pk=target.pk)
    cleaned = _clean(locked.organisation, fields, pk=locked.pk)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    # A change of goal must not leave a global target of another goal behind.
    locked.global_target = sdg_target_clean(locked.global_target, goal=locked.goal)
    with _code_unique():
        locked.save()
    return locked


@transaction.atomic
def local_target_delete(*, actor: User, target: LocalTarget) -> None:
    _check(actor, target)
    LocalTarget.objects.filter(pk=target.pk).delete()
