"""Census import: all rows or none, with a report of what failed and why."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civic.places.models import CensusEntry, CensusImport
from civic.places.services.census import census_identifier_hash, census_import
from tests.factories import CityFixture

GOOD = "identifier,birth_year,area\nA-001,1980,north\nA-002,1975,north-1\nA-003,2001,south\n"


def _import(city: CityFixture, text: str | bytes, mode: str = "merge") -> CensusImport:
    data = text.encode() if isinstance(text, str) else text
    return census_import(
        actor=city.people["official"],
        organisation=city.organisation,
        file=io.BytesIO(data),
        filename="census.csv",
        mode=mode,
    )


def test_good_file_is_applied_and_stored_only_as_keyed_hashes(city: CityFixture) -> None:
    record = _import(city, GOOD)
    assert record.status == CensusImport.Status.APPLIED
    assert (record.rows_total, record.rows_created) == (3, 3)
    entries = CensusEntry.objects.filter(organisation=city.organisation)
    assert entries.count() == 3
    stored = " ".join(entries.values_list("identifier_hash", flat=True))
    assert "A-001" not in stored
    expected = census_identifier_hash(organisation=city.organisation, identifier="a 001")
    assert entries.filter(identifier_hash=expected, birth_year=1980).exists()


def test_semicolons_and_a_byte_order_mark_are_accepted(city: CityFixture) -> None:
    text = "\ufeffIdentifier;Birth_Year;Area\nB-1;1990;south\n"
    assert _import(city, text).status == CensusImport.Status.APPLIED


@pytest.mark.parametrize(
    ("text", "row", "field"),
    [
        ("identifier,birth_year,area\nA-1,1980,north\nA-2,19x0,north\n", 3, "birth_year"),
        ("identifier,birth_year,area\nA-1,1980,atlantis\n", 2, "area"),
        ("identifier,birth_year,area\n,1980,north\n", 2, "identifier"),
        ("identifier,birth_year,area\nA-1,1980,north\nA-1,1981,south\n", 3, "identifier"),
        ("identifier,birth_year,area\nA-1,1870,north\n", 2, "birth_year"),
        ("identifier,birth_year,area\nA-1,1980\n", 2, None),
        ("identifier,area\nA-1,north\n", 1, "file"),
        ("", 0, "file"),
        ("identifier,birth_year,area\n", 0, "file"),
    ],
)
def test_bad_file_changes_nothing_and_says_which_row_failed(
    city: CityFixture, text: str, row: int, field: str | None
) -> None:
    _import(city, GOOD)
    before = list(CensusEntry.objects.order_by("pk").values_list("identifier_hash", "birth_year"))
    record = _import(city, text, mode="replace")
    assert record.status == CensusImport.Status.REJECTED
    assert {"row": row, "field": field} in [
        {"row": e["row"], "field": e["field"]} for e in record.errors
    ]
    after = list(CensusEntry.objects.order_by("pk").values_list("identifier_hash", "birth_year"))
    assert after == before


def test_a_file_that_is_not_utf8_is_rejected_with_its_line(city: CityFixture) -> None:
    record = _import(
        city, "identifier,birth_year,area\nA-1,1980,north\nJos\xe9,1980,north\n".encode("latin-1")
    )
    assert record.status == CensusImport.Status.REJECTED
    assert record.errors[0]["row"] == 3


def test_merge_updates_and_replace_removes(city: CityFixture) -> None:
    _import(city, GOOD)
    merged = _import(city, "identifier,birth_year,area\nA-001,1981,north\nA-004,1999,south\n")
    assert (merged.rows_created, merged.rows_updated, merged.rows_removed) == (1, 1, 0)
    assert CensusEntry.objects.count() == 4
    replaced = _import(city, "identifier,birth_year,area\nA-004,1999,south\n", mode="replace")
    assert replaced.rows_removed == 3
    assert CensusEntry.objects.count() == 1


def test_census_page_upload_shows_the_report(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official"])
    bad = SimpleUploadedFile(
        "c.csv", b"identifier,birth_year,area\nA-1,abc,north\n", content_type="text/csv"
    )
    response = client.post("/org/town/census/", {"file": bad, "mode": "merge"}, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "not imported" in content and "abc" in content
    assert CensusEntry.objects.count() == 0


def test_census_api_rejects_bad_file_with_problem_details(city: CityFixture) -> None:
    client = Client()
    client.force_login(city.people["official"])
    bad = SimpleUploadedFile("c.csv", b"identifier,birth_year,area\nA-1,1980,nowhere\n")
    response = client.post(
        "/api/v1/organisations/town/census-imports/", {"file": bad, "mode": "merge"}
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"] == [
        {
            "field": "area",
            "row": 2,
            "code": "invalid_row",
            "message": "Unknown area code 'nowhere'.",
        }
    ]
    good = SimpleUploadedFile("c.csv", GOOD.encode())
    response = client.post("/api/v1/organisations/town/census-imports/", {"file": good})
    assert response.status_code == 201
    assert response.json()["rows_created"] == 3
