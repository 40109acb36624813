"""Result computation, small-cell suppression (with complementary cells) and exports."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random
from typing import Any

import pytest

from civic.accounts.services.verification import verification_in_person
from participation.models import ConsultationTextAnswer, QuestionKind
from participation.selectors.consultation_results import (
    SMALL_CELL,
    consultation_results,
    suppress_table,
)
from participation.services.consultation_drafts import text_answer_moderate
from participation.services.consultation_questions import question_add
from participation.services.consultation_responses import response_submit
from participation.services.consultations import consultation_close
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import first_question, make_consultation, options

pytestmark = pytest.mark.django_db


def _recoverable(cells: list[list[int | None]], totals: list[int | None]) -> bool:
    """Could any hidden cell be found by subtracting shown cells from a shown total?"""
    for i, row in enumerate(cells):
        if totals[i] is not None and sum(c is None for c in row) == 1 and len(row) > 1:
            return True
    for j in range(len(cells[0]) if cells else 0):
        if sum(cells[i][j] is None for i in range(len(cells))) == 1 and len(cells) > 1:
            return True
    return sum(t is None for t in totals) == 1 and len(totals) > 1


def test_suppression_hides_small_cells_and_their_complements() -> None:
    cells = [[10, 3, 7], [8, 9, 12], [6, 6, 6]]
    totals = [sum(r) for r in cells]
    shown, shown_totals = suppress_table(cells, totals)
    assert shown[0][1] is None  # 3 < 5
    assert all(c is None or c >= SMALL_CELL for row in shown for c in row)
    assert not _recoverable(shown, shown_totals)


def test_a_small_group_total_hides_a_second_group() -> None:
    cells = [[2, 1], [20, 30], [15, 25]]
    shown, totals = suppress_table(cells, [3, 50, 40])
    assert totals[0] is None and totals.count(None) == 2
    assert not _recoverable(shown, totals)


@pytest.mark.parametrize("seed", range(40))
def test_suppressed_cells_are_never_recoverable_by_subtraction(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 6), rng.randint(1, 5)
    cells = [[rng.choice([0, 1, 2, 4, 5, 6, 9, 20, 40]) for _ in range(cols)] for _ in range(rows)]
    totals = [sum(r) for r in cells]
    shown, shown_totals = suppress_table(cells, totals)
    assert not _recoverable(shown, shown_totals)
    for i, j in itertools.product(range(rows), range(cols)):
        cell = shown[i][j]
        assert cell is None or cell >= SMALL_CELL


@pytest.fixture
def answered(city: CityFixture) -> Any:
    """A consultation with 14 residents of north-1 and 3 of south (born 1980 or 2000)."""
    consultation = make_consultation(city, results_visibility="live")
    text = question_add(
        actor=city.people["official"], consultation=consultation, kind=QuestionKind.LONG_TEXT,
        text="Why?", config={"max_length": 200},
    )  # fmt: skip
    multiple = question_add(
        actor=city.people["official"], consultation=consultation, kind=QuestionKind.MULTIPLE,
        text="Which?", config={**options("A", "B"), "min": 0, "max": 2},
    )  # fmt: skip
    question = first_question(consultation)
    plan = (
        [("north-1", 1980, "o1")] * 9 + [("north-1", 2000, "o2")] * 5 + [("south", 1980, "o1")] * 3
    )
    for index, (area, year, choice) in enumerate(plan):
        person = make_user()
        verification_in_person(
            actor=city.people["official"], user=person, organisation=city.organisation,
            area=city.areas[area], birth_year=year,
        )  # fmt: skip
        answers: dict[str, Any] = {question.field_name: choice, multiple.field_name: ["o1", "o2"]}
        if index < 2:
            answers[text.field_name] = f'=HYPERLINK("x") idea {index}'
        response_submit(user=person, consultation=consultation, answers=answers)
    consultation_close(actor=city.people["official"], consultation=consultation)
    return consultation


def test_results_count_and_percent(answered: Any) -> None:
    results = consultation_results(consultation=answered)
    assert results.respondents == 17
    single = results.questions[0]
    assert [(o.label, o.count, o.percent) for o in single.options] == [
        ("Yes", 12, 70.6),
        ("No", 5, 29.4),
        ("Maybe", 0, 0.0),
    ]
    multiple = results.questions[2]
    assert [o.percent for o in multiple.options] == [100.0, 100.0]
    assert results.questions[1].texts == 2


def test_breakdowns_suppress_small_groups(answered: Any) -> None:
    results = consultation_results(consultation=answered)
    by_area = {b.dimension: b for b in results.questions[0].breakdowns}["area"]
    rows = {row.label: row for row in by_area.rows}
    assert rows["North"].total == 14
    assert rows["South"].total is None  # 3 people
    # No cell under 5 anywhere, and nothing recoverable.
    for row in by_area.rows:
        assert all(c is None or c >= SMALL_CELL for c in row.cells)
    assert not _recoverable([r.cells for r in by_area.rows], [r.total for r in by_area.rows])
    by_age = {b.dimension: b for b in results.questions[0].breakdowns}["age_band"]
    ages = {row.key: row for row in by_age.rows}
    assert ages["45-64"].total == 12 or ages["45-64"].total is None or ages["30-44"].total == 12


def test_csv_and_json_exports(client: Any, answered: Any, city: CityFixture) -> None:
    text = ConsultationTextAnswer.objects.filter(question__consultation=answered).first()
    assert text is not None
    text_answer_moderate(
        actor=city.people["moderator"], text_answer=text, hidden=True, reason="spam"
    )
    page = client.get(f"/consultations/{answered.pk}/results.csv")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(page.content.decode())))
    assert rows[0] == ["section", "question", "item", "group", "count", "percent", "value"]
    assert ["respondents", "", "", "", "17", "", ""] in rows
    assert ["result", "1. Do you like it?", "Yes", "", "12", "70.6", ""] in rows
    south = [r for r in rows if r[0] == "breakdown_area" and r[3] == "South"]
    assert south and all(r[4] == "" for r in south)  # suppressed cells are empty
    texts = [r for r in rows if r[0] == "text"]
    assert len(texts) == 1 and texts[0][2].startswith("'=HYPERLINK")  # no formula injection
    data = json.loads(client.get(f"/consultations/{answered.pk}/results.json").content)
    assert data["respondents"] == 17 and len(data["texts"]) == 1
    assert data["questions"][0]["options"][0] == {
        "key": "o1", "label": "Yes", "count": 12, "percent": 70.6, "extra": None,
    }  # fmt: skip
    assert client.get(f"/consultations/{answered.pk}/results.xml").status_code == 404


def test_results_wait_for_close_unless_live(client: Any, city: CityFixture) -> None:
    consultation = make_consultation(city, results_visibility="after_close")
    assert client.get(f"/consultations/{consultation.pk}/results/").status_code == 403
    client.force_login(city.people["official"])
    assert client.get(f"/consultations/{consultation.pk}/results/").status_code == 200
