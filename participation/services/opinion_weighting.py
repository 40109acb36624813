"""Census margins and participants' attributes for the representative weighting of the
opinion map (``participation.opinion_map.weighting`` rakes the weights).

Two dimensions, each used only when the organisation's data allow it:

- **area**: the deepest level of the area tree (inside the dialogue's areas, if it names
  any) where at least two areas exist and every one has a population;
- **age band**: the city's census (``CensusEntry.birth_year``) when it holds at least
  ``MIN_CENSUS_ENTRIES`` residents in scope.

A participant's categories come from their verification in the city (area and birth
year); people who are not verified keep weight 1 in that dimension. An organisation can
switch weighting off in its ``DialogueSettings``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from civic.accounts.models import Verification
from civic.places.models import Area, CensusEntry
from participation.models import Dialogue, DialogueParticipant, DialogueSettings

MIN_CENSUS_ENTRIES = 30
MIN_AGE = 16
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (16, 29, "16-29"),
    (30, 44, "30-44"),
    (45, 64, "45-64"),
    (65, 150, "65+"),
)


def age_band(birth_year: int, today: date) -> str | None:
    age = today.year - birth_year
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return None


@dataclass
class Census:
    """Margins (dimension -> {category: population}) and how to place a participant."""

    margins: dict[str, dict[str, float]] = field(default_factory=dict)
    # Materialised path prefix of each area of the margin level -> its category.
    area_paths: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def area_of(self, path: str) -> str | None:
        for prefix, category in self.area_paths.items():
            if path.startswith(prefix):
                return category
        return None


def _scope(dialogue: Dialogue) -> list[int]:
    organisation = dialogue.organisation
    return [organisation.pk] + ([organisation.parent_id] if organisation.parent_id else [])


def _area_margins(dialogue: Dialogue, census: Census) -> list[Area]:
    areas = list(Area.objects.filter(organisation_id__in=_scope(dialogue)).order_by("path"))
    chosen = list(dialogue.areas.all())
    if chosen:
        prefixes = [a.path for a in chosen]
        areas = [a for a in areas if any(a.path.startswith(p) for p in prefixes)]
    by_depth: dict[int, list[Area]] = defaultdict(list)
    for area in areas:
        by_depth[area.depth].append(area)
    for depth in sorted(by_depth, reverse=True):
        level = by_depth[depth]
        if len(level) >= 2 and all((a.population or 0) > 0 for a in level):
            census.margins["area"] = {str(a.pk): float(a.population or 0) for a in level}
            census.area_paths = {a.path: str(a.pk) for a in level}
            census.sources["area"] = "area_population"
            return level
    return []


def census_for(dialogue: Dialogue, *, today: date | None = None) -> Census | None:
    """The margins the organisation's data allow, or None (no weighting)."""
    scope = _scope(dialogue)
    settings_row = DialogueSettings.objects.filter(organisation_id__in=scope).first()
    if settings_row is not None and not settings_row.representative_weighting:
        return None
    today = today or timezone.localdate()
    census = Census()
    _area_margins(dialogue, census)
    entries = CensusEntry.objects.filter(organisation_id__in=scope)
    if dialogue.areas.exists():
        paths = list(dialogue.areas.values_list("path", flat=True))
        from django.db.models import Q

        inside = Q()
        for path in paths:
            inside |= Q(area__path__startswith=path)
        entries = entries.filter(inside)
    years = Counter(entries.values_list("birth_year", flat=True).iterator())
    if sum(years.values()) >= MIN_CENSUS_ENTRIES:
        bands: Counter[str] = Counter()
        for year, count in years.items():
            band = age_band(year, today)
            if band is not None:
                bands[band] += count
        if len(bands) >= 2:
            census.margins["age"] = {band: float(n) for band, n in sorted(bands.items())}
            census.sources["age"] = "census"
    return census if census.margins else None


def participant_attributes(
    dialogue: Dialogue, census: Census, *, today: date | None = None
) -> dict[Any, dict[str, str]]:
    """participant id -> {dimension: category} from their verification in the city."""
    today = today or timezone.localdate()
    users = dict(
        DialogueParticipant.objects.filter(dialogue=dialogue, user__isnull=False).values_list(
            "user_id", "pk"
        )
    )
    attributes: dict[Any, dict[str, str]] = {}
    verifications = (
        Verification.objects.filter(user_id__in=users, organisation_id__in=_scope(dialogue))
        .order_by("user_id", "-verified_at")
        .values_list("user_id", "area__path", "birth_year")
    )
    for user_id, path, birth_year in verifications:
        participant = users[user_id]
        if participant in attributes:
            continue  # the latest verification counts
        found: dict[str, str] = {}
        if "area" in census.margins:
            area = census.area_of(path or "")
            if area is not None:
                found["area"] = area
        if "age" in census.margins:
            band = age_band(birth_year, today)
            if band is not None:
                found["age"] = band
        if found:
            attributes[participant] = found
    return attributes


def weighting_inputs(
    dialogue: Dialogue, *, today: date | None = None
) -> tuple[dict[Any, dict[str, str]], dict[str, dict[str, float]], dict[str, Any]] | None:
    """Attributes, margins and a summary to store with the snapshot; None if no weighting."""
    census = census_for(dialogue, today=today)
    if census is None:
        return None
    attributes = participant_attributes(dialogue, census, today=today)
    if not attributes:
        return None
    total = {dim: sum(shares.values()) for dim, shares in census.margins.items()}
    summary = {
        "dimensions": {
            dim: {cat: round(n / total[dim], 6) for cat, n in shares.items()}
            for dim, shares in census.margins.items()
        },
        "sources": census.sources,
        "participants_with_attributes": len(attributes),
    }
    return attributes, census.margins, summary
