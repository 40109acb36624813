"""``?sdg=<n>`` on the list pages and list endpoints of consultations, dialogues and proposals."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.sdg.conftest import Tagged

pytestmark = pytest.mark.django_db


def test_consultation_list_page_and_api(client: Client, tagged: Tagged) -> None:
    html = client.get("/consultations/?sdg=11").content.decode()
    assert "Parks for all" in html and "Water" not in html
    html = client.get("/consultations/?sdg=6").content.decode()
    assert "Water" in html and "Parks for all" not in html
    assert "Water" in client.get("/consultations/?sdg=abc").content.decode()  # ignored
    api = client.get("/api/v1/consultations/?sdg=13").json()
    assert [c["title"] for c in api["results"]] == ["Parks for all"]
    assert client.get("/api/v1/consultations/?sdg=42").json()["results"] == []
    assert len(client.get("/api/v1/consultations/").json()["results"]) == 2


def test_officials_still_see_their_tagged_drafts_in_their_lists(
    client: Client, tagged: Tagged
) -> None:
    client.force_login(tagged.city.people["official"])
    titles = [c["title"] for c in client.get("/api/v1/consultations/?sdg=11").json()["results"]]
    assert sorted(titles) == ["Parks for all", "Secret plan"]
    client.force_login(tagged.city.people["official_other"])
    titles = [c["title"] for c in client.get("/api/v1/consultations/?sdg=11").json()["results"]]
    assert titles == ["Parks for all"]


def test_dialogue_list_page_and_api(client: Client, tagged: Tagged) -> None:
    html = client.get("/dialogues/?sdg=11").content.decode()
    assert "How should streets change?" in html and "Hidden question?" not in html
    assert "How should streets change?" not in client.get("/dialogues/?sdg=6").content.decode()
    api = client.get("/api/v1/dialogues/?sdg=11").json()
    assert [d["question"] for d in api["results"]] == ["How should streets change?"]
    assert client.get("/api/v1/dialogues/?sdg=5").json()["results"] == []


def test_round_items_page_and_api(client: Client, tagged: Tagged) -> None:
    slug = tagged.item.round.slug
    html = client.get(f"/budgeting/{slug}/?sdg=15").content.decode()
    assert tagged.item.title in html and "Library hours" not in html
    api = client.get(f"/api/v1/rounds/{slug}/items/?sdg=11").json()
    assert [i["title"] for i in api["results"]] == [tagged.item.title]
    assert client.get(f"/api/v1/rounds/{slug}/items/?sdg=x").json()["results"] == []
    assert len(client.get(f"/api/v1/rounds/{slug}/items/").json()["results"]) == 8


def test_list_pages_offer_the_goal_filter(client: Client, tagged: Tagged) -> None:
    for url in (
        "/consultations/?sdg=11",
        "/dialogues/?sdg=11",
        f"/budgeting/{tagged.item.round.slug}/?sdg=11",
    ):
        html = client.get(url).content.decode()
        assert '<select id="sdg-filter" name="sdg">' in html, url
        assert '<option value="11" selected>11. Sustainable cities &amp; communities' in html, url


def test_detail_pages_link_their_goals(client: Client, tagged: Tagged) -> None:
    from participation.models import Consultation

    Consultation.objects.filter(pk=tagged.consultation.pk).update(sdg_goals=[11, 13, "x", 99])
    for url in (
        f"/consultations/{tagged.consultation.pk}/",
        f"/dialogues/{tagged.dialogue.pk}/",
        f"/budgeting/{tagged.item.round.slug}/items/{tagged.item.pk}/",
    ):
        html = client.get(url).content.decode()
        assert '<a href="/sdg/11/">11. Sustainable cities &amp; communities</a>' in html, url
    html = client.get(f"/consultations/{tagged.consultation.pk}/").content.decode()
    assert '<a href="/sdg/13/">13. Climate action</a>' in html
    assert "/sdg/99/" not in html
