"""Implementation: status and progress, milestones with checked photos, followers, pages,
API, and the results pages officials use to compute and publish."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from budgeting.models import Milestone, Project, ProjectStatus, Result, Support
from budgeting.services.implementation import milestone_add, project_update
from budgeting.services.results import result_compute, result_publish
from civic.errors import DomainError, ValidationFailed
from civic.notifications.models import Event, Follow
from tests.budgeting.results_fixtures import cast, closed_round, make_budget, make_items
from tests.factories import CityFixture, make_user

pytestmark = pytest.mark.django_db


def _png(size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def project(city: CityFixture) -> Project:
    round_ = closed_round(city.organisation)
    budget = make_budget(round_, city.areas["north"], amount=300)
    (a,) = make_items(
        budget, [100], author=city.people["resident"], latitude="52.1", longitude="4.3"
    )
    Support.objects.create(item=a, user=city.people["signed_in"])
    cast(budget, [a])
    result_compute(actor=None, budget=budget)
    result_publish(actor=city.people["official"], budget=budget)
    return Project.objects.get(item=a)


def test_publish_makes_author_and_supporters_follow(city: CityFixture, project: Project) -> None:
    followers = set(
        Follow.objects.filter(
            subject_type="budget_item", subject_id=project.item_id, active=True
        ).values_list("user_id", flat=True)
    )
    assert followers == {city.people["resident"].pk, city.people["signed_in"].pk}


def test_milestone_with_photo_notifies(
    city: CityFixture, project: Project, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    milestone = milestone_add(
        actor=city.people["official"],
        project=project,
        date=dt.date(2026, 3, 1),
        title="Trees planted",
        text="Twelve.",
        photo=_png(),
        photo_alt="Young trees along the street",
    )
    assert str(milestone.photo.name).endswith(".png")
    event = Event.objects.get(kind="milestone.added")
    assert event.subject_type == "budget_item" and event.subject_id == project.item_id
    assert event.dedupe_key == f"milestone.added:{milestone.pk}"


@pytest.mark.parametrize(
    ("photo", "alt", "field"),
    [
        (SimpleUploadedFile("x.png", b"<svg></svg>", content_type="image/png"), "A", "photo"),
        (
            SimpleUploadedFile("x.jpg", b"GIF89a" + b"\0" * 20, content_type="image/jpeg"),
            "A",
            "photo",
        ),
        (None, "", None),
        ("png", "", "photo_alt"),
    ],
)
def test_milestone_photo_checked_by_content(
    city: CityFixture, project: Project, photo, alt, field
) -> None:
    if photo is None:
        milestone_add(actor=None, project=project, date=dt.date(2026, 1, 1), title="No photo")
        return
    if photo == "png":
        photo = _png()
    with pytest.raises(ValidationFailed) as error:
        milestone_add(
            actor=None,
            project=project,
            date=dt.date(2026, 1, 1),
            title="T",
            photo=photo,
            photo_alt=alt,
        )
    assert field in error.value.errors
    assert not Milestone.objects.filter(title="T").exists()


def test_oversized_photo_refused(city: CityFixture, project: Project, monkeypatch) -> None:
    from budgeting.services import implementation

    monkeypatch.setattr(implementation, "MAX_PHOTO_BYTES", 10)
    with pytest.raises(ValidationFailed) as error:
        milestone_add(
            actor=None,
            project=project,
            date=dt.date(2026, 1, 1),
            title="T",
            photo=_png(),
            photo_alt="x",
        )
    assert "photo" in error.value.errors


def test_status_update_goes_on_the_timeline(city: CityFixture, project: Project) -> None:
    project_update(
        actor=city.people["official"],
        project=project,
        status=ProjectStatus.IN_PROGRESS,
        progress=30,
        note="Works started.",
    )
    project_update(
        actor=city.people["official"], project=project, status=ProjectStatus.COMPLETED, progress=80
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED and project.progress == 100
    assert project.milestones.count() == 2
    assert Event.objects.filter(kind="milestone.added").count() == 2
    with pytest.raises(DomainError):
        project_update(actor=None, project=project, status="nope", progress=1)


def test_pages_and_permissions(client: Client, city: CityFixture, project: Project) -> None:
    listing = client.get("/budgeting/implementation/all/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert project.item.title in html and "<svg" in html and "<circle" in html
    detail = client.get(f"/budgeting/implementation/{project.pk}/")
    assert detail.status_code == 200
    assert client.get(f"/budgeting/implementation/{project.pk}/update/").status_code == 302
    client.force_login(city.people["resident"])
    assert client.get(f"/budgeting/implementation/{project.pk}/update/").status_code == 403
    client.force_login(city.people["official_other"])
    assert client.get(f"/budgeting/implementation/{project.pk}/milestones/new/").status_code == 403
    client.force_login(city.people["official"])
    response = client.post(
        f"/budgeting/implementation/{project.pk}/update/",
        {"status": "in_progress", "progress": "50", "note": "Halfway"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/budgeting/implementation/{project.pk}/milestones/new/",
        {"date": "2026-02-01", "title": "Photo day", "photo": _png(), "photo_alt": ""},
    )
    assert response.status_code == 200 and "Describe the photo" in response.content.decode()


def test_api_read_for_all_write_for_officials(
    client: Client, city: CityFixture, project: Project
) -> None:
    listing = client.get("/api/v1/projects/").json()
    assert listing["results"][0]["title"] == project.item.title
    assert client.get(f"/api/v1/projects/{project.pk}/milestones/").json() == []
    body = {"status": "in_progress", "progress": 10}
    assert client.patch(
        f"/api/v1/projects/{project.pk}/", body, content_type="application/json"
    ).status_code in (401, 403)
    client.force_login(city.people["resident"])
    assert (
        client.patch(
            f"/api/v1/projects/{project.pk}/", body, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(city.people["official"])
    response = client.patch(
        f"/api/v1/projects/{project.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["progress"] == 10
    created = client.post(
        f"/api/v1/projects/{project.pk}/milestones/",
        {"date": "2026-01-02", "title": "Tender signed"},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = client.post(
        f"/api/v1/projects/{project.pk}/milestones/",
        {
            "date": "2026-01-02",
            "title": "x",
            "photo": SimpleUploadedFile("a.png", b"not an image"),
            "photo_alt": "x",
        },
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")


def test_results_pages_for_officials_and_public(client: Client, city: CityFixture) -> None:
    round_ = closed_round(city.organisation, rule="mes-cost")
    budget = make_budget(round_, city.areas["north"], amount=300)
    a, b = make_items(budget, [100, 200])
    for ballot in ([a], [a, b], [b]):
        cast(budget, ballot)
    assert "not published" in client.get(f"/budgeting/results/{budget.pk}/").content.decode()
    assert client.post(f"/budgeting/results/{budget.pk}/compute/").status_code == 302
    assert not Result.objects.exists()
    client.force_login(make_user())
    assert client.post(f"/budgeting/results/{budget.pk}/compute/").status_code == 403
    client.force_login(city.people["official"])
    client.post(f"/budgeting/results/{budget.pk}/compute/")
    assert Result.objects.get(budget=budget).published_at is None
    client.logout()
    assert "not published" in client.get(f"/budgeting/results/{budget.pk}/").content.decode()
    assert client.get(f"/api/v1/budgets/{budget.pk}/result/").status_code == 404
    client.force_login(city.people["official"])
    client.post(f"/budgeting/results/{budget.pk}/publish/")
    client.logout()
    page = client.get(f"/budgeting/results/{budget.pk}/").content.decode()
    assert "<svg" in page and "Equal Shares, step by step" in page and "<table" in page
    api = client.get(f"/api/v1/budgets/{budget.pk}/result/").json()
    assert api["rule"] == "mes-cost" and len(api["lines"]) == 2
    assert client.get(f"/budgeting/results/round/{round_.slug}/").status_code == 200


def test_seed_demo_results_step(city: CityFixture) -> None:
    from budgeting.demo_results import seed_results
    from civic.demo import seed_city

    demo = seed_city(lambda _m: None)
    seed_results(demo, lambda _m: None)
    seed_results(demo, lambda _m: None)  # idempotent
    assert Result.objects.filter(published_at__isnull=False).count() == 2
    assert Project.objects.filter(status=ProjectStatus.COMPLETED).exists()
    assert Milestone.objects.exists()
