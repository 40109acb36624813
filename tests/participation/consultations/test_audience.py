"""Audience enforcement, parametrized over roles, areas and ages; one predicate decides."""

from __future__ import annotations

from typing import Any

import pytest

from civic.errors import PermissionDenied
from participation.models import Audience
from participation.selectors.consultations import audience_decision
from participation.services.consultation_responses import response_submit
from tests.factories import CityFixture, make_user
from tests.participation.consultations.helpers import first_question, make_consultation

pytestmark = pytest.mark.django_db

# The resident is verified in north-1 (inside north, inside the town), born 1980.
ROLES = ["unverified", "signed_in", "resident", "official", "official_other", "moderator"]


def _setup(city: CityFixture, audience: str, areas: list[str], min_age: int | None) -> Any:
    return make_consultation(
        city,
        audience=audience,
        audience_areas=[city.areas[a] for a in areas],
        min_age=min_age,
    )


@pytest.mark.parametrize(
    ("audience", "areas", "min_age", "allowed"),
    [
        (
            Audience.SIGNED_IN,
            [],
            None,
            {"signed_in", "resident", "official", "official_other", "moderator"},
        ),
        (Audience.RESIDENTS, [], None, {"resident"}),
        (Audience.AREA_RESIDENTS, ["north-1"], None, {"resident"}),
        (Audience.AREA_RESIDENTS, ["north"], None, {"resident"}),  # an ancestor area matches
        (Audience.AREA_RESIDENTS, ["city"], None, {"resident"}),
        (Audience.AREA_RESIDENTS, ["south"], None, set()),
        (Audience.RESIDENTS, [], 18, {"resident"}),
        (Audience.RESIDENTS, [], 90, set()),
        (Audience.SIGNED_IN, [], 18, {"resident"}),  # an age limit needs a verified age
    ],
)
def test_who_may_respond(
    city: CityFixture, audience: str, areas: list[str], min_age: int | None, allowed: set[str]
) -> None:
    consultation = _setup(city, audience, areas, min_age)
    question = first_question(consultation)
    for role in ROLES:
        person = city.people[role]
        decision = audience_decision(user=person, consultation=consultation)
        assert decision.allowed == (role in allowed), (role, decision)
        assert person.has_perm("participation.respond_consultation", consultation) == (
            role in allowed
        )
        if role in allowed:
            response_submit(
                user=person, consultation=consultation, answers={question.field_name: "o1"}
            )
        else:
            assert decision.reason  # the person is told why
            with pytest.raises(PermissionDenied):
                response_submit(
                    user=person, consultation=consultation, answers={question.field_name: "o1"}
                )


def test_refusals_explain_themselves(city: CityFixture) -> None:
    south = _setup(city, Audience.AREA_RESIDENTS, ["south"], None)
    decision = audience_decision(user=city.people["resident"], consultation=south)
    assert decision.code == "outside_area"
    assert "South" in decision.reason and "North One" in decision.reason
    old = _setup(city, Audience.RESIDENTS, [], 90)
    assert audience_decision(user=city.people["resident"], consultation=old).code == "too_young"
    residents = _setup(city, Audience.RESIDENTS, [], None)
    assert audience_decision(user=city.people["signed_in"], consultation=residents).code == (
        "not_verified"
    )
    assert audience_decision(user=city.people["unverified"], consultation=residents).code == (
        "email_unconfirmed"
    )


def test_residents_of_another_city_are_not_residents_here(city: CityFixture) -> None:
    from civic.accounts.services.verification import verification_in_person

    outsider = make_user()
    verification_in_person(
        actor=city.people["official_other"],
        user=outsider,
        organisation=city.other_organisation,
        area=city.other_organisation.areas.get(),
        birth_year=1970,
    )
    consultation = _setup(city, Audience.RESIDENTS, [], None)
    assert not audience_decision(user=outsider, consultation=consultation).allowed


def test_page_shows_why_a_person_cannot_respond(client: Any, city: CityFixture) -> None:
    consultation = _setup(city, Audience.AREA_RESIDENTS, ["south"], None)
    client.force_login(city.people["resident"])
    page = client.get(f"/consultations/{consultation.pk}/respond/")
    assert page.status_code == 403
    assert "for residents of South" in page.content.decode()
