"""Free-text answers stay out of open data: a resident may have written who they are."""

from __future__ import annotations

from typing import Any

from participation.services.consultation_questions import question_add
from participation.services.consultation_responses import response_submit
from participation.services.consultations import consultation_close, consultation_open
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import make_consultation


def test_consultation_dataset_leaves_free_text_out(client: Any, city: CityFixture) -> None:
    official = city.people["official"]
    consultation = make_consultation(city, title="Library hours", open_now=False, questions=False)
    question = question_add(
        actor=official,
        consultation=consultation,
        kind="long_text",
        text="Anything else?",
        config={"max_length": 200},
    )
    consultation_open(actor=official, consultation=consultation)
    for index in range(6):
        response_submit(
            user=make_user(),
            consultation=consultation,
            answers={question.field_name: f"I am Jane Doe of 12 Elm Street, number {index}"},
        )
    consultation_close(actor=official, consultation=consultation)
    base = f"/open-data/consultation-results/town/{consultation.pk}"
    csv_body = b"".join(client.get(base + ".csv").streaming_content).decode()
    json_body = b"".join(client.get(base + ".json").streaming_content).decode()
    assert "respondents,,,,6," in csv_body  # the dataset is there, the answers are not
    assert "Elm Street" not in csv_body
    assert "Elm Street" not in json_body
