"""Proposals: submit, edit, withdraw, files, supports with a limit, assessment, ballot."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from budgeting.models import Feasibility, Item, ItemStatus, Phase, Support
from budgeting.services.assessment import assessment_record, ballot_decide, item_merge
from budgeting.services.items import item_support, item_update
from civic.errors import DomainError, ValidationFailed
from civic.notifications.models import Event
from tests.budgeting.factories import build_round
from tests.factories import CityFixture


def _client(city: CityFixture, person: str) -> Client:
    client = Client()
    client.force_login(city.people[person])
    return client


def _propose(client: Client, slug: str, budget: int, **fields: Any) -> Any:
    data = {
        "budget": budget,
        "title": "Shade trees on Main Street",
        "description": "Forty trees along Main Street to cool the pavement in summer.",
        "estimated_cost": "80000.00",
        **fields,
    }
    return client.post(f"/api/v1/rounds/{slug}/items/", data, content_type="application/json")


def test_submit_edit_and_withdraw(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    client = _client(city, "resident")
    created = _propose(client, pb.round.slug, pb.north_budget.pk, sdg_goals=[11, 13])
    assert created.status_code == 201, created.json()
    item_id = created.json()["id"]
    edited = client.patch(
        f"/api/v1/items/{item_id}/", {"estimated_cost": "90000"}, content_type="application/json"
    )
    assert edited.json()["estimated_cost"] == "90000.00"
    other = _client(city, "signed_in").patch(
        f"/api/v1/items/{item_id}/", {"title": "Mine now"}, content_type="application/json"
    )
    assert other.status_code == 403
    withdrawn = client.post(f"/api/v1/items/{item_id}/withdraw/")
    assert withdrawn.json()["status"] == ItemStatus.WITHDRAWN


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"estimated_cost": "0"}, "estimated_cost"),
        ({"estimated_cost": "900000"}, "estimated_cost"),  # more than the area's budget
        ({"title": "Tree"}, "title"),
        ({"description": "Short"}, "description"),
        ({"latitude": "95"}, "latitude"),
    ],
)
def test_bad_proposals_get_field_errors(
    city: CityFixture, fields: dict[str, str], field: str
) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    response = _propose(_client(city, "resident"), pb.round.slug, pb.north_budget.pk, **fields)
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Item.objects.filter(title__startswith="Shade").exists()


def test_proposals_only_in_their_phase(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.VOTING)
    response = _propose(_client(city, "resident"), pb.round.slug, pb.north_budget.pk)
    assert response.status_code == 400 and response.json()["type"].endswith("wrong_phase")
    with pytest.raises(DomainError):
        item_update(actor=city.people["signed_in"], item=pb.north_items[0], title="Changed!")


def test_proposal_page_form(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    client = _client(city, "resident")
    bad = client.post(
        f"/budgeting/{pb.round.slug}/propose/",
        {
            "title": "Tiny",
            "description": "Too short",
            "budget": pb.north_budget.pk,
            "estimated_cost": "100",
        },
    )
    assert "at least 5 characters" in bad.content.decode()
    good = client.post(
        f"/budgeting/{pb.round.slug}/propose/",
        {
            "title": "A fountain",
            "description": "A drinking fountain in the square for all.",
            "budget": pb.north_budget.pk,
            "estimated_cost": "15000",
            "sdg_goals": ["6", "11"],
        },
    )
    assert good.status_code == 302
    assert Item.objects.get(title="A fountain").sdg_goals == [6, 11]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_attachments_are_checked_by_content(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.PROPOSALS)
    client = _client(city, "resident")
    item_id = _propose(client, pb.round.slug, pb.north_budget.pk).json()["id"]
    url = f"/api/v1/items/{item_id}/attachments/"
    fake = client.post(url, {"file": SimpleUploadedFile("evil.png", b"<script>x</script>")})
    assert fake.status_code == 400 and fake.json()["errors"][0]["field"] == "file"
    image = client.post(url, {"file": SimpleUploadedFile("tree.txt", _png()), "title": "Site"})
    assert image.status_code == 201 and image.json()["content_type"] == "image/png"
    pdf = client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%...")})
    assert pdf.json()["kind"] == "document"


def test_support_limit_per_resident(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.SUPPORTS, support_limit=2)
    resident = city.people["resident"]
    items = pb.city_items
    item_support(user=resident, item=items[0])
    item_support(user=resident, item=items[1])
    with pytest.raises(DomainError) as error:
        item_support(user=resident, item=items[2])
    assert error.value.code == "support_limit"
    client = _client(city, "resident")
    assert client.delete(f"/api/v1/items/{items[0].pk}/support/").status_code == 204
    assert client.post(f"/api/v1/items/{items[2].pk}/support/").status_code == 204
    assert client.post(f"/api/v1/items/{items[2].pk}/support/").status_code == 409
    assert Support.objects.filter(user=resident).count() == 2
    items[2].refresh_from_db()
    assert items[2].support_count == 1


def test_assessment_tells_the_author_and_gates_the_ballot(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.ASSESSMENT)
    item = pb.north_items[0]
    assessor = city.people["assessor"]
    with pytest.raises(ValidationFailed) as error:
        assessment_record(actor=assessor, item=item, feasibility=Feasibility.UNFEASIBLE)
    assert "reason" in error.value.errors
    with pytest.raises(DomainError):
        ballot_decide(actor=city.people["official"], item=item, on_ballot=True)
    assessment_record(
        actor=assessor,
        item=item,
        feasibility=Feasibility.FEASIBLE,
        cost_estimate="210000",
        reason="Feasible on the school plot.",
    )
    event = Event.objects.get(kind="item.assessed", subject_id=item.pk)
    assert event.recipient_ids == [item.author_id]
    assert event.payload["reason"] == "Feasible on the school plot."
    ballot_decide(actor=city.people["official"], item=item, on_ballot=True)
    item.refresh_from_db()
    assert item.on_ballot and item.cost == 210000


def test_assessment_api_permissions(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.ASSESSMENT)
    url = f"/api/v1/items/{pb.north_items[0].pk}/assessment/"
    body = {"feasibility": "unfeasible", "reason": "The plot is protected."}
    assert (
        _client(city, "resident").post(url, body, content_type="application/json").status_code
        == 403
    )
    assert (
        _client(city, "official_other").post(url, body, content_type="application/json").status_code
        == 403
    )
    assert (
        _client(city, "assessor").post(url, body, content_type="application/json").status_code
        == 200
    )


def test_merge_duplicates(city: CityFixture) -> None:
    pb = build_round(city, phase=Phase.ASSESSMENT)
    duplicate, original = pb.north_items[0], pb.north_items[1]
    item_merge(actor=city.people["official"], duplicate=duplicate, into=original)
    duplicate.refresh_from_db()
    assert duplicate.status == ItemStatus.MERGED and duplicate.merged_into == original
