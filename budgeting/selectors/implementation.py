"""Reads for the implementation pages: projects across rounds and a server-drawn map."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from budgeting.models import Project
from civic.places.models import Area


def project_list(*, status: str = "", round_slug: str = "") -> QuerySet[Project]:
    projects = (
        Project.objects.select_related(
            "item", "item__round", "item__round__organisation", "item__budget", "item__budget__area"
        )
        .annotate(milestone_count=Count("milestones"))
        .order_by("-item__round__voting_close", "item__title", "pk")
    )
    if status:
        projects = projects.filter(status=status)
    if round_slug:
        projects = projects.filter(item__round__slug=round_slug)
    return projects


def project_detail(pk: int) -> Project:
    return Project.objects.select_related(
        "item", "item__round", "item__round__organisation", "item__budget", "item__budget__area"
    ).get(pk=pk)


def _ring_points(geometry: Any) -> Iterable[tuple[float, float]]:
    """(longitude, latitude) pairs of a GeoJSON Polygon or MultiPolygon."""
    if not isinstance(geometry, dict):
        return
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        for ring in polygon:
            for point in ring:
                if isinstance(point, list | tuple) and len(point) >= 2:
                    yield float(point[0]), float(point[1])


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    project: Project


@dataclass(frozen=True)
class ProjectMap:
    width: int
    height: int
    points: list[MapPoint]
    boundary: str  # SVG path of the areas' boundary box or outline, "" if none


def project_map(projects: Sequence[Project], areas: Iterable[Area] = ()) -> ProjectMap | None:
    """Projects with coordinates placed in the box around their areas' boundaries (or the
    points themselves), in an equirectangular projection corrected for latitude."""
    located = [p for p in projects if p.item.latitude is not None and p.item.longitude is not None]
    if not located:
        return None
    lons = [float(p.item.longitude) for p in located]  # type: ignore[arg-type]
    lats = [float(p.item.latitude) for p in located]  # type: ignore[arg-type]
    outline: list[tuple[float, float]] = []
    for area in areas:
        outline.extend(_ring_points(area.boundary))
    all_lons = lons + [lon for lon, _lat in outline]
    all_lats = lats + [lat for _lon, lat in outline]
    west, east = min(all_lons), max(all_lons)
    south, north = min(all_lats), max(all_lats)
    pad_x = max((east - west) * 0.08, 0.002)
    pad_y = max((north - south) * 0.08, 0.002)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    import math

    squeeze = math.cos(math.radians((north + south) / 2))
    width = 600
    span_x = (east - west) * squeeze
    span_y = north - south
    height = max(200, min(900, round(width * span_y / span_x))) if span_x else 400

    def place(lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - west) / (east - west) * width, 1),
            round((north - lat) / (north - south) * height, 1),
        )

    boundary = ""
    if outline:
        xs, ys = zip(*(place(lon, lat) for lon, lat in outline), strict=True)
        boundary = f"M{min(xs)},{min(ys)} H{max(xs)} V{max(ys)} H{min(xs)} Z"
    points = [
        MapPoint(*place(lon, lat), project=p)
        for lon, lat, p in zip(lons, lats, located, strict=True)
    ]
    return ProjectMap(width=width, height=height, points=points, boundary=boundary)
