"""/sdg/ and /sdg/<n>/ pages and the /api/v1/sdg/ endpoints: public content only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civic.sdg.selectors import goal_counts, sdg_filter
from participation.models import Consultation
from tests.sdg.conftest import Tagged

pytestmark = pytest.mark.django_db


def test_counts_leave_out_drafts_of_every_organisation(tagged: Tagged) -> None:
    counts = goal_counts()
    assert counts.for_goal(11) == {
        "consultations": 1,
        "dialogues": 1,
        "items": 1,
        "projects": 0,
        "local_targets": 0,
    }
    assert counts.for_goal(3)["projects"] == 1
    assert counts.for_goal(13)["consultations"] == 1
    assert counts.for_goal(6)["consultations"] == 1


def test_filter_matches_whole_numbers_only(tagged: Tagged) -> None:
    Consultation.objects.filter(pk=tagged.other_consultation.pk).update(sdg_goals=[1, 17])
    found = set(sdg_filter(Consultation.objects.all(), 1).values_list("pk", flat=True))
    assert found == {tagged.other_consultation.pk}
    assert not sdg_filter(Consultation.objects.all(), 7).exists()


@pytest.mark.parametrize("who", [None, "official", "superuser"])
def test_index_page(client: Client, tagged: Tagged, who: str | None) -> None:
    if who:
        client.force_login(tagged.city.people[who])
    response = client.get(reverse("sdg-index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sustainable cities &amp; communities" in html
    assert len(re.findall(r'href="/sdg/\d+/"', html)) == 17


@pytest.mark.parametrize("who", [None, "resident", "official", "superuser"])
def test_goal_page_shows_public_things_and_no_draft_even_to_officials(
    client: Client, tagged: Tagged, who: str | None
) -> None:
    if who:
        client.force_login(tagged.city.people[who])
    html = client.get(reverse("sdg-goal", args=[11])).content.decode()
    assert "Parks for all" in html
    assert "How should streets change?" in html
    assert tagged.item.title in html
    assert "Secret plan" not in html
    assert "Hidden question?" not in html
    assert f"/budgeting/draft-round/items/{tagged.draft_round_item.pk}/" not in html
    assert "Water" not in html
    assert "11.a" in html and "By 2030, ensure access for all to adequate" in html


def test_goal_page_in_chinese(client: Client, tagged: Tagged) -> None:
    html = client.get(reverse("sdg-goal", args=[11]), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "建设包容、安全、有抵御灾害能力和可持续的城市和人类住区" in html.decode()


def test_unknown_goal_is_404(client: Client) -> None:
    assert client.get("/sdg/18/").status_code == 404
    assert client.get("/sdg/0/").status_code == 404
    assert client.get("/api/v1/sdg/goals/18/").status_code == 404
    assert client.get("/api/v1/sdg/goals/18/targets/").status_code == 404


def test_pages_cost_a_constant_number_of_queries(client: Client, tagged: Tagged) -> None:
    with CaptureQueriesContext(connection) as index:
        assert client.get(reverse("sdg-index")).status_code == 200
    with CaptureQueriesContext(connection) as goal:
        assert client.get(reverse("sdg-goal", args=[11])).status_code == 200
    for n in range(5):
        Consultation.objects.create(
            organisation=tagged.city.organisation,
            title=f"More {n}",
            status="open",
            sdg_goals=[11],
        )
    with CaptureQueriesContext(connection) as index_more:
        client.get(reverse("sdg-index"))
    with CaptureQueriesContext(connection) as goal_more:
        client.get(reverse("sdg-goal", args=[11]))
    assert len(index_more) == len(index.captured_queries) <= 8
    assert len(goal_more) == len(goal.captured_queries) <= 10


def test_goals_api(client: Client, tagged: Tagged) -> None:
    data = client.get("/api/v1/sdg/goals/").json()
    assert [goal["number"] for goal in data] == list(range(1, 18))
    eleven = data[10]
    assert eleven["short_en"] == "Sustainable cities & communities"
    assert eleven["title_zh_hans"] == "建设包容、安全、有抵御灾害能力和可持续的城市和人类住区"
    assert eleven["target_count"] == 10
    assert eleven["counts"]["consultations"] == 1 and eleven["counts"]["items"] == 1
    assert sum(goal["target_count"] for goal in data) == 169


def test_goal_and_targets_api(client: Client) -> None:
    goal = client.get("/api/v1/sdg/goals/16/").json()
    assert goal["targets"][9]["code"] == "16.10"
    targets = client.get("/api/v1/sdg/goals/11/targets/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert targets[0]["code"] == "11.1"
    assert targets[0]["title"] == targets[0]["title_zh_hans"]


def test_organisation_page_links_officials_to_their_tools(client: Client, tagged: Tagged) -> None:
    url = f"/org/{tagged.city.organisation.slug}/"
    html = client.get(url).content.decode()
    assert "/sdg/org/" not in html and "/audit/org/" not in html
    assert 'href="/sdg/"' in html  # the footer
    client.force_login(tagged.city.people["official"])
    html = client.get(url).content.decode()
    assert f"/sdg/org/{tagged.city.organisation.slug}/targets/" in html
    assert f"/audit/org/{tagged.city.organisation.slug}/" in html
