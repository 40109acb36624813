"""Representative weighting wired into the opinion map refresh: census margins from the
organisation's area populations and census, participants placed by their verification,
weighted and unweighted figures side by side in the snapshot and on the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from civic.accounts.services.verification import verification_in_person
from civic.places.models import CensusEntry
from participation.models import Dialogue, DialogueSettings, Statement
from participation.services.dialogues import vote_cast
from participation.services.opinion_snapshots import snapshot_compute
from participation.services.opinion_weighting import age_band, census_for
from tests.factories import CityFixture, make_user
from tests.participation.dialogues.helpers import make_dialogue, seed


def verified_voters(city: CityFixture, area: str, count: int, birth_year: int) -> list[Any]:
    people = []
    for _ in range(count):
        person = make_user()
        verification_in_person(
            actor=city.people["official"],
            user=person,
            organisation=city.organisation,
            area=city.areas[area],
            birth_year=birth_year,
        )
        people.append(person)
    return people


def lopsided(city: CityFixture) -> tuple[Dialogue, list[Statement]]:
    """20 voters from the north agree with 'north', 5 from the south disagree; both
    districts have 5,000 residents, so weighted agreement is about half."""
    dialogue = make_dialogue(city)
    statements = seed(city, dialogue, "north", "trees", "benches", "lights", "bins", "paths", "art")
    north = verified_voters(city, "north-1", 20, 1980)
    south = verified_voters(city, "south", 5, 1950)
    with transaction.atomic():
        for person in north:
            for statement in statements:
                vote_cast(user=person, statement=statement, value=1)
        for person in south:
            for index, statement in enumerate(statements):
                vote_cast(user=person, statement=statement, value=-1 if index == 0 else 1)
    return dialogue, statements


def _figures(snapshot: Any, statement: Statement) -> dict[str, Any]:
    return next(s for s in snapshot.data["statements"] if s["statement_id"] == statement.pk)


@pytest.mark.django_db
def test_snapshots_carry_weighted_figures_when_area_populations_allow(city: CityFixture) -> None:
    dialogue, statements = lopsided(city)
    snapshot = snapshot_compute(dialogue_id=dialogue.pk)
    assert snapshot is not None
    weighting = snapshot.data["weighting"]
    north, south = str(city.areas["north"].pk), str(city.areas["south"].pk)
    assert weighting["dimensions"] == {"area": {north: 0.5, south: 0.5}}
    assert weighting["participants_with_attributes"] == 25
    figures = _figures(snapshot, statements[0])
    assert figures["agree_share"] == pytest.approx(20 / 25)
    assert figures["weighted_agree_share"] == pytest.approx(0.5, abs=0.01)
    # Per-person weights would reveal a pseudonym's district: they are not stored.
    assert snapshot.data["participants"]["weight"] is None
    page = Client().get(f"/dialogues/{dialogue.pk}/").content.decode()
    assert "Agree (weighted to the population)" in page and 'id="map-weighting"' in page


@pytest.mark.django_db
def test_the_census_adds_age_bands(city: CityFixture) -> None:
    year = timezone.localdate().year
    CensusEntry.objects.bulk_create(
        CensusEntry(
            organisation=city.organisation,
            identifier_hash=f"h{i}",
            birth_year=year - (25 if i % 2 else 70),
            area=city.areas["north-1"],
        )
        for i in range(40)
    )
    dialogue, _statements = lopsided(city)
    census = census_for(dialogue)
    assert census is not None
    assert census.margins["age"] == {"16-29": 20.0, "65+": 20.0}
    snapshot = snapshot_compute(dialogue_id=dialogue.pk)
    assert snapshot is not None
    assert set(snapshot.data["weighting"]["dimensions"]) == {"area", "age"}
    assert snapshot.data["weighting"]["sources"] == {"area": "area_population", "age": "census"}


@pytest.mark.django_db
def test_no_weighting_without_data_or_when_switched_off(city: CityFixture) -> None:
    dialogue, statements = lopsided(city)
    DialogueSettings.objects.create(organisation=city.organisation, representative_weighting=False)
    snapshot = snapshot_compute(dialogue_id=dialogue.pk)
    assert snapshot is not None and snapshot.data["weighting"] is None
    assert _figures(snapshot, statements[0])["weighted_agree_share"] is None
    DialogueSettings.objects.filter(organisation=city.organisation).update(
        representative_weighting=True
    )
    # Districts without a population: nothing to rake to.
    city.areas["south"].__class__.objects.filter(pk=city.areas["south"].pk).update(population=None)
    assert census_for(dialogue) is None
    assert (
        "weighted to the population"
        not in Client().get(f"/dialogues/{dialogue.pk}/").content.decode()
    )


def test_age_bands() -> None:
    today = timezone.localdate()
    assert age_band(today.year - 16, today) == "16-29"
    assert age_band(today.year - 44, today) == "30-44"
    assert age_band(today.year - 80, today) == "65+"
    assert age_band(today.year - 10, today) is None
