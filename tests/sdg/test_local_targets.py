"""Local targets: officials of the organisation manage them (page and API); all may read."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civic.errors import PermissionDenied, ValidationFailed
from civic.sdg.models import LocalTarget
from civic.sdg.services import _code_unique, local_target_create, local_target_update
from tests.factories import CityFixture

pytestmark = pytest.mark.django_db


def _make(city: CityFixture, **fields: object) -> LocalTarget:
    values: dict[str, object] = {
        "goal": 11,
        "code": "11.2-T1",
        "title": "Every home within 400 m of a bus stop",
        "global_target": "11.2",
    }
    values.update(fields)
    return local_target_create(
        actor=city.people["official"],
        organisation=city.organisation,
        **values,  # type: ignore[arg-type]
    )


def test_create_validates_goal_target_and_code(city: CityFixture) -> None:
    target = _make(city, global_target="11-2")
    assert target.global_target == "11.2"
    with pytest.raises(ValidationFailed) as error:
        _make(city, code="X", global_target="6.1")
    assert "global_target" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        _make(city, code="X", goal=18, global_target="")
    assert "goal" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        _make(city)
    assert "code" in error.value.errors


def test_changing_goal_checks_the_global_target(city: CityFixture) -> None:
    target = _make(city)
    with pytest.raises(ValidationFailed):
        local_target_update(actor=city.people["official"], target=target, goal=6)
    updated = local_target_update(
        actor=city.people["official"], target=target, goal=6, global_target="6.1"
    )
    assert (updated.goal, updated.global_target) == (6, "6.1")


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("resident", False),
        ("moderator", False),
        ("assessor", False),
        ("official_no_mfa", False),
        ("official_other", False),
        ("official", True),
        ("org_admin", True),
        ("superuser", True),
    ],
)
def test_who_may_manage(city: CityFixture, who: str, allowed: bool) -> None:
    actor = city.people[who]
    assert actor.has_perm("sdg.manage_localtarget", city.organisation) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            local_target_create(
                actor=actor, organisation=city.organisation, goal=11, code="A", title="A"
            )


def test_manage_page(client: Client, city: CityFixture) -> None:
    url = reverse("sdg-local-targets", args=[city.organisation.slug])
    client.force_login(city.people["resident"])
    assert client.get(url).status_code == 403
    client.force_login(city.people["official"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"goal": "11", "code": "T1", "title": "Safer crossings"})
    assert response.status_code == 302
    target = LocalTarget.objects.get(code="T1")
    bad = client.post(url, {"goal": "11", "code": "T2", "title": "X", "global_target": "3.1"})
    assert bad.status_code == 400
    assert "Choose one of goal 11" in bad.content.decode()
    edit = reverse("sdg-local-target-edit", args=[city.organisation.slug, target.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"goal": "11", "code": "T1", "title": "Safer school crossings"})
    target.refresh_from_db()
    assert target.title == "Safer school crossings"
    html = client.get(reverse("sdg-goal", args=[11])).content.decode()
    assert "Safer school crossings" in html
    delete = reverse("sdg-local-target-delete", args=[city.organisation.slug, target.pk])
    assert client.post(delete).status_code == 302
    assert not LocalTarget.objects.exists()


def test_api(client: Client, city: CityFixture) -> None:
    payload = {"organisation": "town", "goal": 11, "code": "T1", "title": "Safer crossings"}
    assert client.post("/api/v1/sdg/local-targets/", payload).status_code in (401, 403)
    client.force_login(city.people["official_other"])
    assert client.post("/api/v1/sdg/local-targets/", payload).status_code == 403
    client.force_login(city.people["official"])
    created = client.post("/api/v1/sdg/local-targets/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = client.post(
        "/api/v1/sdg/local-targets/",
        {**payload, "code": "T2", "global_target": "3.1"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    changed = client.patch(
        f"/api/v1/sdg/local-targets/{pk}/",
        {"global_target": "11.2", "target_year": 2030},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["global_target"] == "11.2"
    client.logout()
    listed = client.get("/api/v1/sdg/local-targets/?goal=11&organisation=town").json()
    assert [t["code"] for t in listed["results"]] == ["T1"]
    assert client.get("/api/v1/sdg/local-targets/?goal=99").json()["results"] == []
    client.force_login(city.people["official_other"])
    assert client.delete(f"/api/v1/sdg/local-targets/{pk}/").status_code == 403
    client.force_login(city.people["official"])
    assert client.delete(f"/api/v1/sdg/local-targets/{pk}/").status_code == 204


def test_personal_data_export(city: CityFixture) -> None:
    from civic.accounts.personal_data import exporters

    _make(city)
    exported = exporters()["sdg_local_targets"](city.people["official"])
    assert [row["code"] for row in exported] == ["11.2-T1"]
    assert exporters()["audit_trail"](city.people["resident"]) == []


def test_a_code_taken_concurrently_is_a_field_error_not_a_crash(city: CityFixture) -> None:
    fields = {"organisation": city.organisation, "goal": 11, "code": "RACE", "title": "Parks"}
    LocalTarget.objects.create(**fields)
    # What the loser of two simultaneous saves meets once the friendly check has passed.
    with pytest.raises(ValidationFailed) as refused, _code_unique():
        LocalTarget.objects.create(**fields)
    assert refused.value.errors == {
        "code": ["Another local target of this organisation has this code."]
    }
    assert LocalTarget.objects.filter(code="RACE").count() == 1
