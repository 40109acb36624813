"""The suppression engine against an attacker who combines published figures."""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civic.statistics.suppression import Cell, suppress
from tests.statistics.audit import audit, brute_force_leaks


def _published(cells: list[Cell], threshold: int = 5) -> dict[object, int]:
    result = suppress(cells, threshold=threshold)
    return {c.key: c.count for c in cells if c.key not in result.hidden}


def test_one_table_hides_small_rows_and_a_complement() -> None:
    people = [frozenset(range(a, b)) for a, b in ((0, 3), (3, 10), (10, 20))]
    cells = [Cell("total", frozenset(range(20)), keep=True)] + [
        Cell(f"row{i}", s) for i, s in enumerate(people)
    ]
    shown = _published(cells)
    assert "row0" not in shown  # 3 people
    assert "row1" not in shown  # else total - row1 - row2 = row0
    assert shown == {"total": 20, "row2": 10}


def test_nothing_is_hidden_when_every_figure_is_safe() -> None:
    cells = [
        Cell("total", frozenset(range(30))),
        Cell("a", frozenset(range(10))),
        Cell("b", frozenset(range(10, 30))),
    ]
    assert suppress(cells).hidden == set()


def test_nested_areas_and_months() -> None:
    # District of 12 whose neighbourhood has 9: 3 people live in the district outside it.
    district = frozenset(range(12))
    neighbourhood = frozenset(range(9))
    march, april = frozenset(range(6)), frozenset(range(6, 12))
    cells = [
        Cell("district", district, keep=True),
        Cell("neighbourhood", neighbourhood),
        Cell("march", march),
        Cell("april", april),
    ]
    shown = _published(cells)
    assert not audit({c.key: c.people for c in cells}, shown)
    assert "district" in shown


@st.composite
def families(draw: st.DrawFn) -> list[Cell]:
    n_people = draw(st.integers(min_value=0, max_value=28))
    n_cells = draw(st.integers(min_value=1, max_value=7))
    cells: list[Cell] = []
    for k in range(n_cells):
        mode = draw(st.sampled_from(["random", "interval", "union"]))
        members: frozenset[Hashable]
        if mode == "interval" or not cells:
            a = draw(st.integers(0, n_people))
            b = draw(st.integers(a, n_people))
            members = frozenset(range(a, b))
        elif mode == "union":
            x, y = draw(st.sampled_from(cells)), draw(st.sampled_from(cells))
            members = x.people | y.people
        else:
            members = frozenset(
                draw(st.sets(st.integers(0, max(n_people - 1, 0)), max_size=n_people))
            )
        cells.append(Cell(f"c{k}", members, keep=draw(st.booleans())))
    return cells


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(families())
def test_no_published_combination_counts_fewer_than_five(cells: list[Cell]) -> None:
    shown = _published(cells)
    sets = {c.key: c.people for c in cells}
    assert brute_force_leaks(sets, shown, every=True) == []
    assert audit(sets, shown) == []
