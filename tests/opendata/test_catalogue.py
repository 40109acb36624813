"""The catalogue, dataset pages and API: every dataset listed with its dictionary and
licence (from settings), files per public process, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civic.opendata.datasets import DATASETS
from tests.budgeting.results_fixtures import closed_round
from tests.factories import CityFixture
from tests.participation.dialogues.helpers import make_dialogue

pytestmark = pytest.mark.django_db

KEYS = [
    "consultation-results",
    "dialogue-statements",
    "budget-items",
    "pb-results",
    "ballots",
    "implementation",
    "milestones",
]


def test_catalogue_lists_every_dataset_with_the_licence(client: Any) -> None:
    html = client.get("/open-data/").content.decode()
    assert "CC BY 4.0" in html and 'rel="license"' in html
    for key in KEYS:
        assert f"/open-data/{key}/" in html
    data = client.get("/api/v1/open-data/").json()
    assert [d["key"] for d in data] == KEYS
    for dataset in data:
        assert dataset["licence"]["name"] == "CC BY 4.0"
        assert dataset["dictionary"] and all(f["description"] for f in dataset["dictionary"])
    assert client.get("/api/v1/open-data/budget-items/").json()["key"] == "budget-items"
    assert client.get("/api/v1/open-data/nothing/").status_code == 404


def test_licence_comes_from_settings(client: Any, settings: Any, city: CityFixture) -> None:
    settings.OPEN_DATA_LICENCE_NAME = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    closed_round(city.organisation, slug="pb-2025")
    assert "ODbL 1.0" in client.get("/open-data/budget-items/").content.decode()
    response = client.get("/open-data/budget-items/town/pb-2025.json")
    assert b'"ODbL 1.0"' in b"".join(response.streaming_content)
    assert "<https://opendatacommons.org/licenses/odbl/1-0/>" in response["Link"]
    assert client.get("/api/v1/open-data/").json()[0]["licence"]["name"] == "ODbL 1.0"


def test_dictionary_is_translated(client: Any) -> None:
    english = client.get("/api/v1/open-data/ballots/").json()["dictionary"]
    chinese = client.get("/api/v1/open-data/ballots/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()[
        "dictionary"
    ]
    assert [f["name"] for f in english] == [f["name"] for f in chinese]
    assert len(DATASETS["ballots"].fields) == len(english)


def test_files_list_and_pages_cost_constant_queries(client: Any, city: CityFixture) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/open-data/").status_code == 200
            assert client.get("/open-data/dialogue-statements/").status_code == 200
            files = client.get("/api/v1/open-data/dialogue-statements/files/")
            assert files.status_code == 200
        return len(ctx)

    make_dialogue(city, question="First")
    few = queries()
    for n in range(12):
        make_dialogue(city, question=f"Dialogue {n}")
    make_dialogue(city, question="Hidden draft", phase="draft")
    assert queries() == few
    data = client.get("/api/v1/open-data/dialogue-statements/files/", {"page_size": 5}).json()
    assert data["count"] == 13 and len(data["results"]) == 5
    assert all(r["downloads"]["csv"].endswith(".csv") for r in data["results"])
    page = client.get("/open-data/dialogue-statements/").content.decode()
    assert "Dialogue 11" in page and "Hidden draft" not in page
