"""One response per person, saving and coming back, edits, and anonymity: anonymous
responses cannot be linked to people through models, API, admin or exports."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from civic.errors import Conflict
from participation.models import (
    ConsultationParticipation,
    ConsultationResponse,
    ConsultationResponseDraft,
)
from participation.services.consultation_responses import (
    response_current,
    response_draft_save,
    response_edit_key,
    response_submit,
)
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import first_question, make_consultation

pytestmark = pytest.mark.django_db


def _answer(consultation: Any, value: str = "o1") -> dict[str, str]:
    return {first_question(consultation).field_name: value}


def test_one_response_per_person_without_edits(city: CityFixture) -> None:
    consultation = make_consultation(city, allow_edit=False)
    resident = city.people["resident"]
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    with pytest.raises(Conflict):
        response_submit(
            user=resident, consultation=consultation, answers=_answer(consultation, "o2")
        )
    assert ConsultationResponse.objects.filter(consultation=consultation).count() == 1


@pytest.mark.parametrize("anonymous", [False, True])
def test_edits_replace_the_one_response(city: CityFixture, anonymous: bool) -> None:
    consultation = make_consultation(city, allow_edit=True, anonymous=anonymous)
    resident = city.people["resident"]
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation, "o2"))
    responses = ConsultationResponse.objects.filter(consultation=consultation)
    assert responses.count() == 1
    assert responses.get().answers == _answer(consultation, "o2")
    assert response_current(consultation=consultation, user=resident) == (
        _answer(consultation, "o2"),
        "submitted",
    )


def test_save_partial_and_come_back(city: CityFixture) -> None:
    consultation = make_consultation(city)
    resident = city.people["resident"]
    response_draft_save(user=resident, consultation=consultation, answers={})
    assert response_current(consultation=consultation, user=resident) == ({}, "draft")
    response_draft_save(user=resident, consultation=consultation, answers=_answer(consultation))
    assert response_current(consultation=consultation, user=resident)[1] == "draft"
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    assert not ConsultationResponseDraft.objects.exists()


def test_closed_consultations_take_no_responses(city: CityFixture) -> None:
    from participation.services.consultations import consultation_close

    consultation = make_consultation(city)
    consultation_close(actor=city.people["official"], consultation=consultation)
    with pytest.raises(Conflict):
        response_submit(
            user=city.people["resident"], consultation=consultation, answers=_answer(consultation)
        )


# Anonymity ------------------------------------------------------------------------------


def test_anonymous_model_has_no_link_to_people(city: CityFixture) -> None:
    consultation = make_consultation(city, anonymous=True, allow_edit=False)
    people = [city.people["resident"], city.people["signed_in"], make_user()]
    for person in people:
        response_submit(user=person, consultation=consultation, answers=_answer(consultation))
    for response in ConsultationResponse.objects.filter(consultation=consultation):
        assert response.user_id is None
        assert response.edit_key is None  # no edits: not even a keyed link
        assert response.submitted_at is None  # no time to match against the roll
    # No foreign key from the answers to the roll, nor from the roll to the answers.
    related = {f.related_model for f in ConsultationResponse._meta.get_fields() if f.is_relation}
    assert ConsultationParticipation not in related
    roll_related = {
        f.related_model for f in ConsultationParticipation._meta.get_fields() if f.is_relation
    }
    assert ConsultationResponse not in roll_related
    assert ConsultationParticipation.objects.filter(consultation=consultation).count() == 3


def test_anonymous_edit_link_needs_the_key(city: CityFixture, settings: Any) -> None:
    consultation = make_consultation(city, anonymous=True, allow_edit=True)
    resident = city.people["resident"]
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.user_id is None
    assert response.edit_key == response_edit_key(consultation=consultation, user=resident)
    assert str(resident.pk) not in response.edit_key and resident.email not in response.edit_key
    settings.RESPONSE_KEY = "another-key"
    assert response.edit_key != response_edit_key(consultation=consultation, user=resident)


def test_anonymous_responses_stay_anonymous_in_api_admin_and_exports(
    client: Any, city: CityFixture
) -> None:
    consultation = make_consultation(
        city, anonymous=True, allow_edit=True, results_visibility="live"
    )
    resident = city.people["resident"]
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    response = ConsultationResponse.objects.get(consultation=consultation)
    identifying = [resident.email, resident.display_name, response.edit_key]
    client.force_login(city.people["superuser"])
    for path in (
        f"/api/v1/consultations/{consultation.pk}/results/",
        f"/api/v1/consultations/{consultation.pk}/text-answers/",
        f"/consultations/{consultation.pk}/results.csv",
        f"/consultations/{consultation.pk}/results.json",
        f"/consultations/{consultation.pk}/results/",
        f"/admin/participation/consultationresponse/{response.pk}/change/",
        "/admin/participation/consultationresponse/",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        body = page.content.decode()
        for secret in identifying:
            assert secret not in body, (path, secret)
    # The person's own data download does not carry the anonymous answers either.
    from participation.consultation_hooks import personal_data_export

    assert personal_data_export(resident)["responses"] == []
    assert settings.RESPONSE_KEY not in str(personal_data_export(resident))


def test_account_deletion_cuts_the_edit_link(city: CityFixture) -> None:
    from participation.consultation_hooks import personal_data_erase

    consultation = make_consultation(city, anonymous=True, allow_edit=True)
    resident = city.people["resident"]
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    personal_data_erase(resident)
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.edit_key is None and response.answers == _answer(consultation)


def test_identified_responses_keep_the_author_until_deletion(city: CityFixture) -> None:
    consultation = make_consultation(city, anonymous=False)
    resident = make_user()
    response_submit(user=resident, consultation=consultation, answers=_answer(consultation))
    assert ConsultationResponse.objects.get(consultation=consultation).user == resident
    resident.delete()
    kept = ConsultationResponse.objects.get(consultation=consultation)
    assert kept.user_id is None and kept.answers == _answer(consultation)
