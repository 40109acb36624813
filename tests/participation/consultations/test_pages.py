"""The response form without JavaScript: every kind, errors next to fields, saving."""

from __future__ import annotations

from typing import Any

import pytest

from participation.models import ConsultationResponse
from participation.services.consultation_responses import response_current
from tests.factories import CityFixture
from tests.participation.consultations.helpers import every_kind, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(city: CityFixture) -> tuple[Any, dict[str, Any]]:
    consultation = make_consultation(city, questions=False, open_now=False)
    questions = every_kind(consultation, city.people["official"])
    from participation.services.consultations import consultation_open

    consultation = consultation_open(actor=city.people["official"], consultation=consultation)
    return consultation, questions


def _form(q: dict[str, Any]) -> dict[str, str]:
    return {
        q["single"].field_name: "o2",
        q["multiple"].field_name: "o1",
        f"{q['ranking'].field_name}__o1": "2",
        f"{q['ranking'].field_name}__o2": "1",
        f"{q['ranking'].field_name}__o3": "3",
        q["rating"].field_name: "4",
        q["number"].field_name: "12",
        q["short_text"].field_name: "Park",
        q["long_text"].field_name: "",
        f"{q['matrix'].field_name}__lights": "o2",
        f"{q['matrix'].field_name}__dogs": "o1",
        f"{q['budget'].field_name}__o1": "70",
        f"{q['budget'].field_name}__o2": "30",
        "submit": "1",
    }


def test_resident_answers_every_kind(client: Any, city: CityFixture, setup: Any) -> None:
    consultation, q = setup
    client.force_login(city.people["resident"])
    form = client.get(f"/consultations/{consultation.pk}/respond/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "Answer only if your answer to question 1 was: Never." in html
    sent = client.post(f"/consultations/{consultation.pk}/respond/", _form(q))
    assert sent.status_code == 302, sent.content.decode()[:3000]
    answers = ConsultationResponse.objects.get(consultation=consultation).answers
    assert answers[q["ranking"].field_name] == ["o2", "o1", "o3"]
    assert answers[q["budget"].field_name] == {"o1": 70, "o2": 30}
    assert answers[q["matrix"].field_name] == {"lights": "o2", "dogs": "o1"}


def test_errors_show_next_to_the_fields(client: Any, city: CityFixture, setup: Any) -> None:
    consultation, q = setup
    client.force_login(city.people["resident"])
    data = _form(q)
    data[f"{q['budget'].field_name}__o1"] = "90"  # 120 > 100
    data[f"{q['ranking'].field_name}__o1"] = "1"  # two options in place 1
    del data[f"{q['matrix'].field_name}__dogs"]
    page = client.post(f"/consultations/{consultation.pk}/respond/", data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "You spread 120, more than the 100 available." in html
    assert "Give each option a different place." in html
    assert "Answer this row." in html
    assert f'id="{q["budget"].field_name}-errors"' in html
    assert not ConsultationResponse.objects.exists()


def test_save_and_finish_later(client: Any, city: CityFixture, setup: Any) -> None:
    consultation, q = setup
    client.force_login(city.people["resident"])
    saved = client.post(
        f"/consultations/{consultation.pk}/respond/",
        {q["short_text"].field_name: "Half", "save": "1"},
    )
    assert saved.status_code == 302
    assert response_current(consultation=consultation, user=city.people["resident"]) == (
        {q["short_text"].field_name: "Half"},
        "draft",
    )
    again = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    assert 'value="Half"' in again


def test_list_and_detail_pages(client: Any, city: CityFixture, setup: Any) -> None:
    consultation, _q = setup
    assert consultation.title in client.get("/consultations/").content.decode()
    detail = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Sign in" in detail
    assert consultation.title in client.get("/").content.decode()  # the home page lists it


def test_official_pages(client: Any, city: CityFixture, setup: Any) -> None:
    consultation, q = setup
    client.force_login(city.people["official"])
    for path in (
        "manage/",
        "edit/",
        "questions/new/",
        f"questions/{q['single'].pk}/",
        "moderation/",
    ):
        assert client.get(f"/consultations/{consultation.pk}/{path}").status_code == 200, path
    assert client.get("/consultations/new/town/").status_code == 200
    created = client.post(
        "/consultations/new/town/",
        {
            "title": "New one",
            "audience": "signed_in",
            "results_visibility": "live",
            "allow_edit": "on",
        },
    )
    assert created.status_code == 302
    client.force_login(city.people["resident"])
    assert client.get(f"/consultations/{consultation.pk}/manage/").status_code == 403
