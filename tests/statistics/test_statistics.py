"""Statistics of an organisation from the rolls of participation, audited for small cells."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgeting.models import Ballot
from civic.statistics.selectors.statistics import organisation_statistics, published_figures
from civic.statistics.tasks import statistics_refresh_task
from tests.factories import CityFixture
from tests.statistics.audit import audit
from tests.statistics.world import World, build_world


@pytest.fixture
def world(city: CityFixture) -> World:
    return build_world(city)


def test_process_figures_come_from_the_rolls(
    world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        stats = organisation_statistics(organisation=world.city.organisation, use_cache=False)
    consultation = stats.process("consultation", world.consultation.pk)
    dialogue = stats.process("dialogue", world.dialogue.pk)
    pb = stats.process("round", world.pb.round.pk)
    assert consultation and dialogue and pb
    assert consultation.participants == world.expected["consultation"]
    assert dialogue.participants == world.expected["dialogue"]
    assert pb.participants == world.expected["round"]
    # Turnout against the town's population (10 000).
    assert consultation.turnout == round(100 * world.expected["consultation"] / 10_000, 2)
    # Contributions: one response each; every voter's ballots (one per budget).
    assert consultation.contributions == world.expected["consultation"]
    assert pb.contributions is not None and pb.participants is not None
    assert pb.contributions >= pb.participants
    # Paper and desk voters appear by channel, from the roll and not from ballots.
    channels = {f.key: f.value for f in pb.breakdowns[0].rows}
    assert set(channels) == {"web", "meeting", "paper", "desk"}
    assert channels["meeting"] == 0
    assert Ballot.objects.count() == 0  # nothing was read from ballots: there are none


def test_a_process_of_three_people_shows_no_figure(world: World) -> None:
    stats = organisation_statistics(organisation=world.city.organisation, use_cache=False)
    small = stats.process("consultation", world.small_consultation.pk)
    assert small is not None
    assert small.participants is None
    assert small.contributions is None
    assert small.turnout is None
    assert all(f.value in (None, 0) for b in small.breakdowns for f in b.rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_published_statistic_is_derived_from_fewer_than_five_people(
    city: CityFixture, seed: int
) -> None:
    """Every figure the pages, API and report publish, audited together: each figure, every
    pair of nested figures, every total against its published rows, and any group of people
    the figures single out by linear combination (months, areas, processes, breakdowns)."""
    world = build_world(city, seed=seed, n=40 + 7 * seed)
    stats = organisation_statistics(organisation=world.city.organisation, use_cache=False)
    published = published_figures(stats)
    sets: dict[Hashable, frozenset[Hashable]] = {k: c.people for k, c in stats.cells.items()}
    assert len(published) > 20
    assert any(stats.values[k] is None for k in stats.cells)  # something had to be hidden
    assert audit(sets, published) == []
    # What is shown on the pages is exactly the published family.
    shown = {f.value for p in stats.processes for b in p.breakdowns for f in b.rows}
    shown |= {f.value for a in stats.areas for f in a.months.rows}
    shown |= {p.participants for p in stats.processes} | {a.participants for a in stats.areas}
    assert all(v is None or v == 0 or v >= 5 for v in shown)


def test_statistics_never_read_ballots(world: World) -> None:
    """Ballot secrecy: the figures come from the voter roll, never from ballot tables."""
    with CaptureQueriesContext(connection) as queries:
        organisation_statistics(organisation=world.city.organisation, use_cache=False)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "budgeting_voterroll" in sql
    assert "budgeting_ballot" not in sql  # neither ballots nor ballot choices
    assert "budgeting_papercount" not in sql


def test_refresh_task_fills_the_cache(world: World, django_assert_max_num_queries: Any) -> None:
    cache.clear()
    assert statistics_refresh_task() == {"organisations": 2}
    with django_assert_max_num_queries(5):  # the ended processes and areas (the key), the cache
        stats = organisation_statistics(organisation=world.city.organisation)
    assert stats.participants is not None
