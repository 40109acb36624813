"""List endpoints and pages cost the same number of queries however many rows they show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from budgeting.models import Assessment, Item
from tests.budgeting.factories import build_round
from tests.factories import CityFixture


def _count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", ["api-rounds", "api-items", "page-round", "page-ballot"])
def test_constant_queries(city: CityFixture, kind: str) -> None:
    pb = build_round(city)
    client = Client()
    client.force_login(city.people["resident"])
    path = {
        "api-rounds": "/api/v1/rounds/",
        "api-items": f"/api/v1/rounds/{pb.round.slug}/items/",
        "page-round": f"/budgeting/{pb.round.slug}/",
        "page-ballot": f"/budgeting/{pb.round.slug}/vote/{pb.city_budget.pk}/",
    }[kind]
    before = _count(client, path)
    for number in range(15):
        item = Item.objects.create(round=pb.round, budget=pb.city_budget,
                                   author=city.people["signed_in"], title=f"More {number}",
                                   description="Another proposal for the count.",
                                   estimated_cost=Decimal(1000), on_ballot=True)
        Assessment.objects.create(item=item, feasibility="feasible", cost_estimate=1000)
    build_round(city, slug="another-round")
    assert _count(client, path) == before
