"""Reads of organisations, areas and census imports shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from civic.places.models import Area, CensusImport, Organisation


def organisation_list() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("parent")
        .annotate(area_count=Count("areas"))
        .order_by("name", "pk")
    )


def area_list(*, organisation: Organisation | None = None) -> QuerySet[Area]:
    areas = Area.objects.select_related("organisation", "parent")
    if organisation is not None:
        areas = areas.filter(organisation=organisation)
    return areas


def area_with_descendants(*, area: Area) -> QuerySet[Area]:
    return Area.objects.filter(path__startswith=area.path)


def census_import_list(*, organisation: Organisation) -> QuerySet[CensusImport]:
    return CensusImport.objects.filter(organisation=organisation).select_related("uploaded_by")
