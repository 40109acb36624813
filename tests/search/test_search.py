"""Search: PostgreSQL full-text search in the reader's language, the substring fallback,
permissions (no drafts, no hidden or pending statements, no withdrawn proposals), the page,
the API with pagination, and constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgeting.models import Item, ItemStatus, Phase
from civic.search.selectors import (
    Hit,
    search,
    search_config,
    search_fallback,
    search_postgres,
    search_vector,
    sources,
)
from participation.models import ContentStatus, Statement
from participation.services.consultation_drafts import draft_version_publish
from participation.services.moderation import content_hide
from tests.budgeting.factories import build_round
from tests.factories import CityFixture
from tests.participation.consultations.helpers import make_consultation
from tests.participation.dialogues.helpers import make_dialogue, seed
from tests.participation.dialogues.test_meetings import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(city: CityFixture) -> dict[str, Any]:
    consultation = make_consultation(
        city, title="Riverside gardens", summary="Planting along the river banks"
    )
    draft_version_publish(
        actor=city.people["official"],
        consultation=consultation,
        title="Gardens plan",
        source="The council will plant orchards.\n\nBenches for everyone.",
    )
    make_consultation(city, title="Secret gardens draft", open_now=False)
    dialogue = make_dialogue(city, question="How do we keep gardens green?")
    shown, hidden = seed(city, dialogue, "Community gardens need water", "Gardens are spam")
    content_hide(actor=city.people["moderator"], target=hidden, public_reason="spam")
    Statement.objects.create(
        dialogue=dialogue, text="Pending gardens idea", status=ContentStatus.PENDING
    )
    draft_dialogue = make_dialogue(city, phase="draft", question="Draft gardens dialogue")
    seed(city, draft_dialogue, "Gardens in a draft dialogue")
    fixture = build_round(city, phase=Phase.VOTING, slug="pb-gardens")
    item = fixture.city_items[0]
    Item.objects.filter(pk=item.pk).update(description="Rain gardens along the riverside path")
    Item.objects.filter(pk=fixture.city_items[1].pk).update(
        title="Withdrawn gardens", status=ItemStatus.WITHDRAWN
    )
    draft_round = build_round(city, phase=Phase.DRAFT, slug="draft-gardens").round
    draft_round.title = "Draft gardens round"
    draft_round.save()
    meeting = make_meeting(
        city,
        title="Walk through the community gardens",
        description="Bring boots.",
        dialogue=dialogue,
    )
    make_meeting(city, title="Planning the draft gardens", dialogue=draft_dialogue)
    return {
        "consultation": consultation,
        "dialogue": dialogue,
        "statement": shown,
        "item": item,
        "meeting": meeting,
    }


def _titles(rows: Any) -> set[str]:
    return {row[3] for row in rows}


FORBIDDEN = {
    "Secret gardens draft",
    "Gardens are spam",
    "Pending gardens idea",
    "Draft gardens dialogue",
    "Gardens in a draft dialogue",
    "Withdrawn gardens",
    "Draft gardens round",
    "Planning the draft gardens",
}


def test_postgres_full_text_search_stems_in_english(content: dict[str, Any]) -> None:
    assert connection.vendor == "postgresql"
    rows = list(search_postgres("garden", language="en"))  # "gardens" stems to "garden"
    titles = _titles(rows)
    assert {"Riverside gardens", "How do we keep gardens green?"} <= titles
    assert "Community gardens need water" in titles
    assert "Riverside park" in titles  # the proposal's description mentions rain gardens
    assert not titles & FORBIDDEN
    kinds = {row[0] for row in rows}
    assert kinds >= {"consultation", "dialogue", "statement", "item", "meeting"}
    meeting = next(row for row in rows if row[0] == "meeting")
    assert Hit.of(meeting, "garden").url == f"/meetings/{content['meeting'].pk}/"
    assert [row[3] for row in search_postgres("boots", language="en")] == [
        "Walk through the community gardens"
    ]
    # Ranked: the best first, titles before mere mentions in the text.
    ranks = [row[5] for row in rows]
    assert ranks == sorted(ranks, reverse=True)
    # Draft texts (the latest version's paragraphs) are searched too.
    documents = list(search_postgres("orchards", language="en"))
    assert [(row[0], row[3]) for row in documents] == [("document", "Gardens plan")]
    hit = Hit.of(documents[0], "orchards")
    assert hit.url.endswith(f"#paragraph-{documents[0][1]}") and "orchards" in hit.snippet


def test_language_configuration(content: dict[str, Any]) -> None:
    assert search_config("en") == "english"
    assert search_config("zh-hans") == "simple"
    assert search_config("ar") == "simple"
    # 'simple' does not stem: the exact word still matches, and so does a substring
    # (Chinese has no spaces between words).
    assert "Riverside gardens" in _titles(search_postgres("gardens", language="zh-hans"))
    assert "Riverside gardens" in _titles(search_postgres("Riverside garden", language="ar"))


def test_chinese_text_is_found_by_substring(city: CityFixture) -> None:
    make_consultation(city, title="河滨公园改造计划")
    assert "河滨公园改造计划" in _titles(search_postgres("公园", language="zh-hans"))
    assert "河滨公园改造计划" in _titles(search_fallback("公园"))


def test_sqlite_fallback_matches_every_word(content: dict[str, Any]) -> None:
    """The fallback path (used on SQLite), run directly: every word as a substring."""
    titles = _titles(search_fallback("gardens"))
    assert {"Riverside gardens", "Community gardens need water", "Riverside park"} <= titles
    assert not titles & FORBIDDEN
    assert _titles(search_fallback("community water")) == {"Community gardens need water"}
    assert _titles(search_fallback("community nothing-like-this")) == set()
    ranked = list(search_fallback("Riverside gardens"))
    assert ranked[0][3] == "Riverside gardens"  # the whole query in the title comes first


def test_page_lists_hits_with_links(client: Any, content: dict[str, Any]) -> None:
    page = client.get("/search/", {"q": "gardens"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverside gardens" in html and f"/consultations/{content['consultation'].pk}/" in html
    assert f"#statement-{content['statement'].pk}" in html
    assert f"/budgeting/pb-gardens/items/{content['item'].pk}/" in html
    for title in FORBIDDEN:
        assert title not in html
    empty = client.get("/search/")
    assert empty.status_code == 200 and 'name="q"' in empty.content.decode()


def test_header_has_the_search_form(client: Any) -> None:
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html


def test_api_paginates(client: Any, city: CityFixture, content: dict[str, Any]) -> None:
    response = client.get("/api/v1/search/", {"q": "gardens", "page_size": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] >= 5 and len(data["results"]) == 2 and data["next"]
    everything = client.get("/api/v1/search/", {"q": "gardens", "page_size": 100}).json()
    titles = {hit["title"] for hit in everything["results"]}
    assert not titles & FORBIDDEN
    assert {hit["kind"] for hit in everything["results"]} >= {"consultation", "statement"}
    assert all(hit["url"].startswith("http") for hit in everything["results"])
    assert client.get("/api/v1/search/").json()["count"] == 0


def test_officials_do_not_find_drafts_either(client: Any, city: CityFixture, content: Any) -> None:
    client.force_login(city.people["official"])
    html = client.get("/search/", {"q": "gardens"}).content.decode()
    assert "Secret gardens draft" not in html


def test_constant_queries(client: Any, city: CityFixture) -> None:
    dialogue = make_dialogue(city, question="Trees")
    seed(city, dialogue, "Trees one", "Trees two")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/search/", {"q": "trees"}).status_code == 200
            assert client.get("/search/", {"q": "trees"}).status_code == 200
        return len(ctx)

    few = queries()
    seed(city, dialogue, *[f"Trees {n}" for n in range(25)])
    make_consultation(city, title="Trees everywhere")
    assert queries() == few


def test_search_dispatches_on_the_database(content: dict[str, Any]) -> None:
    assert list(search("gardens", language="en")) == list(search_postgres("gardens", language="en"))


@pytest.mark.parametrize(
    ("kind", "index"),
    [("statement", "search_statement_english"), ("item", "search_item_english")],
)
def test_english_search_can_use_the_gin_indexes(kind: str, index: str) -> None:
    """The migration's indexes match the expressions the search builds: with scans that
    read every row ruled out, the planner answers the match from the index."""
    source = next(s for s in sources() if s.kind == kind)
    query = SearchQuery("trees", search_type="websearch", config="english")
    matched = (
        source.queryset.model.objects.annotate(doc=search_vector(source, "english"))
        .filter(doc=query)
        .values_list("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = matched.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
