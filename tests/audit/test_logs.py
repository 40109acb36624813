"""The public log of a process, the officials' full log, their pages and API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from civic.audit.services import audit_record
from participation.services.consultations import consultation_close, consultation_update
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(city: CityFixture) -> int:
    """A consultation opened, edited after publication (private) and closed."""
    official = city.people["official"]
    consultation = make_consultation(city)
    consultation_update(actor=official, consultation=consultation, title="Park, revised")
    consultation_close(actor=official, consultation=consultation)
    return consultation.pk


def test_public_log_page_shows_public_actions_without_names(
    client: Client, city: CityFixture, logged: int
) -> None:
    html = client.get(f"/audit/consultation/{logged}/").content.decode()
    assert "Consultation opened" in html and "Consultation closed" in html
    assert "edited after publication" not in html
    official = city.people["official"]
    assert official.email not in html and str(official.display_name) not in html


@pytest.mark.parametrize(
    ("who", "full"),
    [
        ("resident", False),
        ("moderator", False),
        ("official_other", False),
        ("official_no_mfa", False),
        ("official", True),
        ("org_admin", True),
        ("superuser", True),
    ],
)
def test_full_log_for_the_organisations_officials(
    client: Client, city: CityFixture, logged: int, who: str, full: bool
) -> None:
    client.force_login(city.people[who])
    html = client.get(f"/audit/consultation/{logged}/").content.decode()
    assert ("edited after publication" in html) is full
    data = client.get(f"/api/v1/audit/consultation/{logged}/").json()
    actions = [entry["action"] for entry in data["results"]]
    assert ("consultation.edited" in actions) is full
    assert all((entry["actor"] is not None) is full for entry in data["results"])
    org_page = client.get(f"/audit/org/{city.organisation.slug}/")
    org_api = client.get(f"/api/v1/audit/organisations/{city.organisation.slug}/")
    # Staff without a second factor are sent to set one up first.
    assert org_page.status_code == 200 if full else org_page.status_code in (302, 403)
    assert org_api.status_code == (200 if full else 403)
    if full:
        assert org_api.json()["count"] == 3


def test_edit_shows_before_and_after(client: Client, city: CityFixture, logged: int) -> None:
    client.force_login(city.people["official"])
    entries = client.get(f"/api/v1/audit/consultation/{logged}/").json()["results"]
    edited = next(e for e in entries if e["action"] == "consultation.edited")
    assert edited["before"] == {"title": "Park"}
    assert edited["after"] == {"title": "Park, revised"}
    assert edited["public"] is False
    html = client.get(f"/audit/org/{city.organisation.slug}/?action=consultation.edited")
    assert "Park, revised" in html.content.decode()


def test_draft_process_log_is_hidden_from_the_public(client: Client, city: CityFixture) -> None:
    draft = make_consultation(city, open_now=False)
    assert client.get(f"/audit/consultation/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/audit/consultation/{draft.pk}/").status_code == 404
    assert client.get("/audit/elsewhere/1/").status_code == 404
    assert client.get("/api/v1/audit/round/999999/").status_code == 404
    client.force_login(city.people["official"])
    assert client.get(f"/audit/consultation/{draft.pk}/").status_code == 200


def test_anonymous_organisation_log_needs_sign_in(client: Client, city: CityFixture) -> None:
    assert client.get(f"/api/v1/audit/organisations/{city.organisation.slug}/").status_code in (
        401,
        403,
    )
    assert client.get(f"/audit/org/{city.organisation.slug}/").status_code == 302


def test_logs_cost_a_constant_number_of_queries(
    client: Client, city: CityFixture, logged: int
) -> None:
    client.force_login(city.people["official"])

    def counts() -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as page:
            client.get(f"/audit/consultation/{logged}/")
        with CaptureQueriesContext(connection) as api:
            client.get(f"/api/v1/audit/consultation/{logged}/")
        with CaptureQueriesContext(connection) as org:
            client.get(f"/api/v1/audit/organisations/{city.organisation.slug}/")
        return len(page), len(api), len(org)

    before = counts()
    for n in range(5):
        audit_record(
            actor=city.people["moderator"],
            organisation=city.organisation,
            action="consultation.comment_moderated",
            subject_type="consultation_comment",
            subject_id=n + 1,
            process_type="consultation",
            process_id=logged,
            reason=f"Reason {n}",
        )
    assert counts() == before
