"""The participation report: HTML page and PDF, checked by extracting the PDF's text."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from civic.statistics.selectors.report import participation_report
from tests.factories import CityFixture
from tests.statistics.world import World, build_world


@pytest.fixture
def world(city: CityFixture) -> World:
    cache.clear()
    return build_world(city)


def _period() -> str:
    today = timezone.localdate()
    return f"start={today - timedelta(days=120)}&end={today}"


def test_report_figures(world: World) -> None:
    today = timezone.localdate()
    report = participation_report(
        organisation=world.city.organisation, start=today - timedelta(days=120), end=today
    )
    assert len(report.processes) == 4
    assert report.suppressed_processes == 1
    expected = world.expected
    assert (
        report.participations == expected["consultation"] + expected["dialogue"] + expected["round"]
    )
    assert report.adopted == 2  # one consultation entry, one dialogue response
    assert str(report.allocated) == "900000.00"  # the two selected city-wide proposals
    assert str(report.implemented) == "550000.00"
    goals = {s.number for s in report.goals}
    assert {6, 8, 9, 11} <= goals
    goal_11 = next(s for s in report.goals if s.number == 11)
    assert str(goal_11.allocated) == "600000.00"  # the park only


def test_report_page_and_pdf(world: World) -> None:
    client = Client()
    page = client.get(f"/statistics/town/report/?{_period()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "You said, we did" in html and "More shade along the river" in html
    assert "Sustainable cities" in html
    response = client.get(f"/statistics/town/report.pdf?{_period()}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    expected = world.expected
    participations = expected["consultation"] + expected["dialogue"] + expected["round"]
    assert "Participation report: Town" in text
    assert "Processes run 4" in text
    assert f"Participations (in processes with published figures) {participations}" in text
    assert "Inputs adopted, fully or in part 2" in text
    assert "Budget allocated by residents' votes 900000.00 EUR" in text
    assert "Budget spent on implementation so far 550000.00 EUR" in text
    assert "Goal 11" in text and "Riverside plan" in text
    assert "Forty trees will be planted" in text


def test_bad_period_is_a_form_error_not_a_failure(world: World) -> None:
    page = Client().get("/statistics/town/report/?start=2026-05-01&end=2026-01-01")
    assert page.status_code == 200
    assert "The end comes before the start." in page.content.decode()
    assert Client().get("/statistics/town/report/?start=nonsense").status_code == 200


def test_the_same_report_renders_once_and_renders_are_rate_limited(
    world: World, settings: Any
) -> None:
    settings.STATISTICS_PDF_RENDERS_PER_WINDOW = 3
    client = Client()
    first = client.get(f"/statistics/town/report.pdf?{_period()}")
    again = client.get(f"/statistics/town/report.pdf?{_period()}")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content  # from the cache, not rendered anew
    today = timezone.localdate()
    # Other periods are other reports: each one is rendered, until the limit.
    statuses = []
    for days in range(1, settings.STATISTICS_PDF_RENDERS_PER_WINDOW + 2):
        period = f"start={today - timedelta(days=120 + days)}&end={today}"
        statuses.append(client.get(f"/statistics/town/report.pdf?{period}").status_code)
    assert statuses == [200] * (settings.STATISTICS_PDF_RENDERS_PER_WINDOW - 1) + [429, 429]
    busy = client.get(
        f"/statistics/town/report.pdf?start={today - timedelta(days=200)}&end={today}"
    )
    assert busy.status_code == 429
    assert busy["Retry-After"] == "600"
    assert "Please try again in 10 minutes" in busy.content.decode()
    # A report already rendered is still served.
    assert client.get(f"/statistics/town/report.pdf?{_period()}").status_code == 200


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", "参与报告"), ("ar", "تقرير المشاركة")],
)
def test_the_pdf_in_chinese_and_arabic_carries_its_text(
    world: World, language: str, title: str
) -> None:
    """The report's own words come back out of the PDF: the glyphs were found in a font
    and embedded with their Unicode mapping (no empty boxes)."""
    from django.utils import translation

    with translation.override(language):
        expected = translation.gettext("Participation report: %(name)s") % {"name": "Town"}
    assert title in expected  # the catalogue is translated: the test reads what it sends
    response = Client().get(
        f"/statistics/town/report.pdf?{_period()}", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert title in text
    fonts = {
        str(font.get_object().get("/BaseFont", ""))
        for page in reader.pages
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
    }
    assert fonts, "no embedded fonts"
