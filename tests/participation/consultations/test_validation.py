"""Every question type's validation, with good and bad payloads, and conditional display."""

from __future__ import annotations

from typing import Any

import pytest

from civic.errors import ValidationFailed
from participation.models import ConsultationQuestion
from participation.services.consultation_validation import answers_clean, question_config_clean
from tests.factories import CityFixture
from tests.participation.consultations.helpers import every_kind, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(city: CityFixture) -> dict[str, ConsultationQuestion]:
    consultation = make_consultation(city, open_now=False, questions=False)
    return every_kind(consultation, city.people["official"])


def _good(q: dict[str, ConsultationQuestion]) -> dict[str, Any]:
    return {
        q["single"].field_name: "o1",
        q["ranking"].field_name: ["o2", "o1", "o3"],
        q["rating"].field_name: 4,
        q["number"].field_name: "15",
        q["short_text"].field_name: "  Riverside ",
        q["long_text"].field_name: "More trees",
        q["matrix"].field_name: {"lights": "o2", "dogs": "o1"},
        q["budget"].field_name: {"o1": 60, "o2": "40"},
    }


def _errors(
    questions: dict[str, ConsultationQuestion], answers: dict[str, Any], **kw: Any
) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        answers_clean(questions=list(questions.values()), answers=answers, **kw)
    return caught.value.errors


def test_a_complete_good_payload_is_cleaned(questions: dict[str, ConsultationQuestion]) -> None:
    cleaned = answers_clean(questions=list(questions.values()), answers=_good(questions))
    assert cleaned[questions["number"].field_name] == 15
    assert cleaned[questions["short_text"].field_name] == "Riverside"
    assert cleaned[questions["budget"].field_name] == {"o1": 60, "o2": 40}
    assert questions["multiple"].field_name not in cleaned  # hidden: answered "Daily"


BAD: list[tuple[str, Any, str]] = [
    ("single", "o9", ""),
    ("single", ["o1"], ""),
    ("ranking", ["o1", "o1", "o2"], ""),
    ("ranking", ["o1", "o2"], ""),  # every option needs a place
    ("ranking", ["o1", "zz", "o2"], ""),
    ("rating", 6, ""),
    ("rating", "x", ""),
    ("number", "abc", ""),
    ("number", "121", ""),
    ("number", "1.5", ""),  # whole numbers only
    ("number", "nan", ""),
    ("short_text", "far too long a name", ""),
    ("short_text", 12, ""),
    ("matrix", {"lights": "o9", "dogs": "o1"}, ".lights"),
    ("matrix", {"nope": "o1", "lights": "o1", "dogs": "o1"}, ".nope"),
    ("matrix", {"lights": "o1"}, ".dogs"),  # required: every row
    ("budget", {"o1": 60, "o2": 41}, ""),  # more than available
    ("budget", {"o1": 50, "o2": 40}, ""),  # must spend all
    ("budget", {"o1": -5, "o2": 105}, ".o1"),
    ("budget", {"o3": 100}, ".o3"),
]


@pytest.mark.parametrize(("kind", "value", "suffix"), BAD)
def test_bad_answers_get_field_precise_errors(
    questions: dict[str, ConsultationQuestion], kind: str, value: Any, suffix: str
) -> None:
    answers = _good(questions)
    answers[questions[kind].field_name] = value
    errors = _errors(questions, answers)
    assert f"answers.{questions[kind].field_name}{suffix}" in errors, errors


def test_required_questions_are_required(questions: dict[str, ConsultationQuestion]) -> None:
    answers = _good(questions)
    del answers[questions["single"].field_name]
    errors = _errors(questions, answers)
    assert errors[f"answers.{questions['single'].field_name}"] == ["This question needs an answer."]


def test_conditional_question_is_required_only_when_shown(
    questions: dict[str, ConsultationQuestion],
) -> None:
    answers = _good(questions)
    answers[questions["single"].field_name] = "o2"  # "Never": the follow-up shows
    errors = _errors(questions, answers)
    assert f"answers.{questions['multiple'].field_name}" in errors
    answers[questions["multiple"].field_name] = ["o1", "o2", "o3"]  # more than max 2
    assert f"answers.{questions['multiple'].field_name}" in _errors(questions, answers)
    answers[questions["multiple"].field_name] = ["o3", "o1"]
    cleaned = answers_clean(questions=list(questions.values()), answers=answers)
    assert cleaned[questions["multiple"].field_name] == ["o1", "o3"]


def test_answers_to_hidden_questions_are_dropped(
    questions: dict[str, ConsultationQuestion],
) -> None:
    answers = _good(questions)
    answers[questions["multiple"].field_name] = ["o1"]
    cleaned = answers_clean(questions=list(questions.values()), answers=answers)
    assert questions["multiple"].field_name not in cleaned


def test_unknown_questions_and_non_objects_are_refused(
    questions: dict[str, ConsultationQuestion],
) -> None:
    assert "answers.q999999" in _errors(questions, {**_good(questions), "q999999": "x"})
    assert "answers" in _errors(questions, ["not", "an", "object"])  # type: ignore[arg-type]


def test_partial_answers_skip_completeness_but_not_types(
    questions: dict[str, ConsultationQuestion],
) -> None:
    partial = {questions["budget"].field_name: {"o1": 10}}
    cleaned = answers_clean(questions=list(questions.values()), answers=partial, partial=True)
    assert cleaned == {questions["budget"].field_name: {"o1": 10}}
    bad = {questions["rating"].field_name: 9}
    assert f"answers.{questions['rating'].field_name}" in _errors(questions, bad, partial=True)


@pytest.mark.parametrize(
    ("kind", "config", "field"),
    [
        ("single", {"options": [{"key": "a", "label": "A"}]}, "config.options"),
        (
            "single",
            {"options": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]},
            "config.options",
        ),
        (
            "single",
            {"options": [{"key": "Bad Key", "label": "A"}, {"key": "b", "label": "B"}]},
            "config.options",
        ),
        (
            "multiple",
            {
                "options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}],
                "min": 2,
                "max": 1,
            },
            "config.max",
        ),
        ("rating", {"min": 5, "max": 1}, "config.max"),
        ("number", {"min": 10, "max": 1}, "config.max"),
        ("short_text", {"max_length": 9999}, "config.max_length"),
        (
            "matrix",
            {"options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]},
            "config.rows",
        ),
        (
            "budget",
            {"options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}], "total": 0},
            "config.total",
        ),
        (
            "ranking",
            {"options": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}], "max_ranked": 3},
            "config.max_ranked",
        ),
    ],
)
def test_question_settings_are_checked(kind: str, config: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        question_config_clean(kind=kind, config=config)
    assert field in caught.value.errors
