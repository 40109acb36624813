"""Writes to the area tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civic.errors import DomainError
from civic.places.models import Area, AreaKind, Organisation

_GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


def boundary_validate(boundary: Any) -> None:
    """Accept a GeoJSON Polygon/MultiPolygon geometry (or a Feature wrapping one)."""
    if boundary in (None, ""):
        return
    geometry = boundary.get("geometry") if isinstance(boundary, dict) else None
    geometry = geometry if geometry is not None else boundary
    if not isinstance(geometry, dict) or geometry.get("type") not in _GEOMETRY_TYPES:
        raise DomainError(
            _("The boundary must be a GeoJSON Polygon or MultiPolygon."), field="boundary"
        )
    if not isinstance(geometry.get("coordinates"), list) or not geometry["coordinates"]:
        raise DomainError(_("The boundary has no coordinates."), field="boundary")


def _path_for(area: Area) -> tuple[str, int]:
    parent_path = area.parent.path if area.parent else ""
    depth = area.parent.depth + 1 if area.parent else 0
    return f"{parent_path}{area.pk:08d}/", depth


@transaction.atomic
def area_create(
    *,
    organisation: Organisation,
    name: str,
    code: str,
    kind: str,
    parent: Area | None = None,
    population: int | None = None,
    boundary: dict[str, Any] | None = None,
) -> Area:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise DomainError(_("The parent area belongs to another organisation."), field="parent")
    if kind not in AreaKind.values:
        raise DomainError(_("Unknown kind of area."), field="kind")
    boundary_validate(boundary)
    area = Area.objects.create(
        organisation=organisation,
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        population=population,
        boundary=boundary,
        path="",
    )
    area.path, area.depth = _path_for(area)
    area.save(update_fields=["path", "depth"])
    return area


@transaction.atomic
def area_update(*, area: Area, **fields: Any) -> Area:
    """Change an area; moving it under another parent rewrites the paths below it."""
    if "boundary" in fields:
        boundary_validate(fields["boundary"])
    new_parent = fields.pop("parent", area.parent)
    for name, value in fields.items():
        setattr(area, name, value)
    if new_parent != area.parent:
        if new_parent is not None and new_parent.path.startswith(area.path):
            raise DomainError(_("An area cannot be moved inside itself."), field="parent")
        old_path = area.path
        area.parent = new_parent
        area.path, area.depth = _path_for(area)
        area.save()
        for child in Area.objects.filter(path__startswith=old_path).exclude(pk=area.pk):
            child.path = area.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    else:
        area.save()
    return area
