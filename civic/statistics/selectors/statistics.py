"""Public participation statistics of an organisation, suppressed as one family.

Every figure an organisation's statistics pages, API and report publish (per process and
its breakdowns, per month, per area and per area and month, the organisation's own
breakdowns) is one ``Cell`` of one family, suppressed together by
``civic.statistics.suppression.suppress``: so no figure can be recovered by subtracting
figures from different pages either.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.places.models import Area, Organisation
from civic.statistics.selectors.participations import (
    AGE_BANDS,
    CHANNELS,
    CONSULTATION,
    DIALOGUE,
    GENDERS,
    PROCESS_KINDS,
    UNKNOWN,
    Participation,
    Process,
    organisation_participations,
    organisation_processes,
)
from civic.statistics.suppression import SMALL_CELL, Cell, suppress

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
DIMENSIONS = ("channel", "age_band", "gender", "area")


@dataclass
class Figure:
    key: str
    label: str
    value: int | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list[Figure]

    @property
    def largest(self) -> int:
        return max([r.value or 0 for r in self.rows] or [0])


@dataclass
class ProcessStatistics:
    kind: str
    kind_label: str
    id: int
    title: str
    month: date
    url: str
    participants: int | None
    turnout: float | None
    contributions: int | None
    sdg_goals: list[int]
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass
class AreaStatistics:
    id: int
    name: str
    depth: int
    population: int | None
    participants: int | None
    turnout: float | None
    months: Breakdown


@dataclass
class OrganisationStatistics:
    slug: str
    name: str
    threshold: int
    participants: int | None
    contributions: int
    months: Breakdown
    breakdowns: list[Breakdown]
    processes: list[ProcessStatistics]
    areas: list[AreaStatistics]
    cells: dict[Hashable, Cell] = field(default_factory=dict, repr=False)
    values: dict[Hashable, int | None] = field(default_factory=dict, repr=False)

    def process(self, kind: str, pk: int) -> ProcessStatistics | None:
        return next((p for p in self.processes if p.kind == kind and p.id == pk), None)

    def area(self, pk: int) -> AreaStatistics | None:
        return next((a for a in self.areas if a.id == pk), None)


def _turnout(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return round(100.0 * count / population, 2)


def _month_key(month: date) -> str:
    return f"{month:%Y-%m}"


def _process_url(process: Process) -> str:
    if process.kind == CONSULTATION:
        return reverse("consultation-detail", args=[process.id])
    if process.kind == DIALOGUE:
        return reverse("dialogue-detail", args=[process.id])
    return reverse("budgeting:round", args=[process.slug])


def build_cells(
    processes: Iterable[Process],
    participations: Iterable[Participation],
    areas: list[Area],
) -> dict[Hashable, Cell]:
    """Every published count as a set of people."""
    by_id = {a.pk: a for a in areas}
    level = 1 if any(a.depth == 1 for a in areas) else 0
    people: dict[Hashable, set[str]] = defaultdict(set)
    keep: set[Hashable] = {("org",)}
    people[("org",)]
    for process in processes:
        people[("p", process.key)]  # a process nobody took part in still has a total
        keep.add(("p", process.key))
    for p in participations:
        area = by_id.get(p.area_id) if p.area_id else None
        ancestors = [i for i in area.ancestor_ids if i in by_id] if area else []
        group = str(ancestors[level]) if len(ancestors) > level else UNKNOWN
        groups = {"channel": p.channel, "age_band": p.age_band, "gender": p.gender, "area": group}
        month = _month_key(p.month)
        people[("org",)].add(p.person)
        people[("org", "month", month)].add(p.person)
        people[("p", p.process)].add(p.person)
        for dimension, value in groups.items():
            people[("org", dimension, value)].add(p.person)
            people[("p", p.process, dimension, value)].add(p.person)
        for area_id in ancestors:
            people[("area", area_id)].add(p.person)
            people[("area", area_id, "month", month)].add(p.person)
    for area in areas:
        people[("area", area.pk)]
        keep.add(("area", area.pk))
    return {key: Cell(key, frozenset(members), keep=key in keep) for key, members in people.items()}


def _labels(areas: list[Area]) -> dict[str, dict[str, str]]:
    level = 1 if any(a.depth == 1 for a in areas) else 0
    groups = {str(a.pk): a.name for a in areas if a.depth == level}
    groups[UNKNOWN] = _("Area not known")
    return {
        "channel": {k: str(v) for k, v in CHANNELS.items()},
        "age_band": {k: str(v) for k, v in AGE_BANDS.items()},
        "gender": {k: str(v) for k, v in GENDERS.items()},
        "area": groups,
    }


TITLES = {
    "channel": lambda: _("By channel"),
    "age_band": lambda: _("By age band"),
    "gender": lambda: _("By gender (self-declared)"),
    "area": lambda: _("By area"),
}


def _breakdowns(
    values: dict[Hashable, int | None], prefix: tuple[Any, ...], labels: dict[str, dict[str, str]]
) -> list[Breakdown]:
    out = []
    for dimension in DIMENSIONS:
        rows = [
            Figure(key, label, values.get((*prefix, dimension, key), 0))
            for key, label in labels[dimension].items()
        ]
        out.append(Breakdown(dimension, TITLES[dimension](), rows))
    return out


def _fingerprint(processes: list[Process], areas: list[Area]) -> str:
    """What the cached figures were computed from: the processes, and the areas with
    their populations (a new area or census figure must not wait for the next refresh)."""
    text = (
        ",".join(p.key for p in processes)
        + "|"
        + ",".join(f"{a.pk}:{a.parent_id}:{a.population}" for a in areas)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def organisation_statistics(
    *,
    organisation: Organisation,
    threshold: int = SMALL_CELL,
    use_cache: bool = True,
    refresh: bool = False,
) -> OrganisationStatistics:
    """The organisation's statistics, from the cache unless ``refresh`` (the beat task
    refreshes every organisation's every half hour, so pages rarely compute them)."""
    processes = organisation_processes(organisation)
    areas = list(Area.objects.filter(organisation=organisation).order_by("path"))
    cache_key = f"statistics:{organisation.pk}:{threshold}:{_fingerprint(processes, areas)}"
    if use_cache and not refresh:
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    participations = organisation_participations(organisation, processes)
    cells = build_cells(processes, participations, areas)
    suppression = suppress(cells.values(), threshold=threshold)
    if not suppression.complete:
        logger.warning(
            "statistics of organisation %s: too many single-person groups for the exhaustive "
            "search of groups of four",
            organisation.pk,
        )
    values: dict[Hashable, int | None] = {
        key: (None if key in suppression.hidden else cell.count) for key, cell in cells.items()
    }
    labels = _labels(areas)
    root = next((a for a in areas if a.depth == 0), None)
    contributions: dict[str, int] = defaultdict(int)
    for p in participations:
        contributions[p.process] += p.contributions

    process_stats = []
    for process in processes:
        count = values[("p", process.key)]
        process_stats.append(
            ProcessStatistics(
                kind=process.kind,
                kind_label=str(PROCESS_KINDS[process.kind]),
                id=process.id,
                title=process.title,
                month=process.month,
                url=_process_url(process),
                participants=count,
                turnout=_turnout(count, root.population if root else None),
                contributions=None if count is None else contributions[process.key],
                sdg_goals=list(process.sdg_goals),
                breakdowns=_breakdowns(values, ("p", process.key), labels),
            )
        )
    months = sorted(
        str(key[2]) for key in cells if isinstance(key, tuple) and key[:2] == ("org", "month")
    )
    area_stats = []
    for area in areas:
        count = values[("area", area.pk)]
        area_stats.append(
            AreaStatistics(
                id=area.pk,
                name=area.name,
                depth=area.depth,
                population=area.population,
                participants=count,
                turnout=_turnout(count, area.population),
                months=Breakdown(
                    "month",
                    _("By month"),
                    [Figure(m, m, values.get(("area", area.pk, "month", m), 0)) for m in months],
                ),
            )
        )
    result = OrganisationStatistics(
        slug=organisation.slug,
        name=organisation.name,
        threshold=threshold,
        participants=values[("org",)],
        contributions=sum(p.contributions or 0 for p in process_stats),
        months=Breakdown(
            "month",
            _("By month"),
            [Figure(m, m, values[("org", "month", m)]) for m in months],
        ),
        breakdowns=_breakdowns(values, ("org",), labels),
        processes=process_stats,
        areas=area_stats,
        cells=cells,
        values=values,
    )
    if use_cache:  # the sets of people stay out of the cache
        cache.set(cache_key, replace(result, cells={}), CACHE_SECONDS)
    return result


def published_figures(stats: OrganisationStatistics) -> dict[Hashable, int]:
    """Every figure published (not suppressed), by cell key: what tests audit."""
    return {key: value for key, value in stats.values.items() if value is not None}
