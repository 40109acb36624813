"""Statistics pages and API: public, readable as tables, the same suppressed figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from civic.statistics.selectors.statistics import organisation_statistics
from tests.factories import CityFixture
from tests.statistics.world import World, build_world


@pytest.fixture
def world(city: CityFixture) -> World:
    cache.clear()
    return build_world(city)


def test_organisation_page_shows_charts_and_tables(world: World) -> None:
    page = Client().get("/statistics/town/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg class="column-chart"' in html and "<title" in html
    assert "<table" in html and "<caption>" in html
    assert "Riverside plan" in html
    assert "not shown" in html  # the three-person consultation
    assert Client().get("/statistics/").status_code == 200
    assert Client().get("/statistics/nowhere/").status_code == 404


def test_process_and_area_pages(world: World) -> None:
    client = Client()
    stats = organisation_statistics(organisation=world.city.organisation, use_cache=False)
    process = stats.process("round", world.pb.round.pk)
    assert process is not None
    html = client.get(f"/statistics/town/round/{world.pb.round.pk}/").content.decode()
    assert f"<dd>{process.participants}</dd>" in html
    assert "Paper" in html and "By gender (self-declared)" in html
    north = world.city.areas["north"].pk
    assert client.get(f"/statistics/town/areas/{north}/").status_code == 200
    assert client.get("/statistics/town/areas/999999/").status_code == 404
    assert client.get("/statistics/town/nonsense/1/").status_code == 404
    assert client.get(f"/statistics/town/round/{world.pb.round.pk + 999}/").status_code == 404


def test_api_publishes_the_same_figures(world: World, django_assert_max_num_queries: Any) -> None:
    client = Client()
    with django_assert_max_num_queries(14):
        data = client.get("/api/v1/statistics/organisations/town/").json()
    stats = organisation_statistics(organisation=world.city.organisation, use_cache=False)
    assert data["participants"] == stats.participants
    assert data["threshold"] == 5
    by_key = {(p["kind"], p["id"]): p for p in data["processes"]}
    small = by_key[("consultation", world.small_consultation.pk)]
    assert small["participants"] is None
    consultation = by_key[("consultation", world.consultation.pk)]
    assert consultation["participants"] == world.expected["consultation"]
    assert {b["dimension"] for b in consultation["breakdowns"]} == {
        "channel",
        "age_band",
        "gender",
        "area",
    }
    one = client.get(
        f"/api/v1/statistics/organisations/town/processes/dialogue/{world.dialogue.pk}/"
    ).json()
    assert one["participants"] == world.expected["dialogue"]
    area = client.get(
        f"/api/v1/statistics/organisations/town/areas/{world.city.areas['city'].pk}/"
    ).json()
    assert area["population"] == 10_000
    assert client.get("/api/v1/statistics/organisations/nowhere/").status_code == 404
    # A second request is served from the cache: a constant, small number of queries.
    with django_assert_max_num_queries(6):
        client.get("/api/v1/statistics/organisations/town/")
