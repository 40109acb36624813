"""The consultation list offers officials a way to open a consultation; nobody else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CityFixture


@pytest.mark.parametrize(
    ("person", "offered"),
    [("official", True), ("resident", False), ("moderator", False), (None, False)],
)
def test_new_consultation_link(city: CityFixture, person: str | None, offered: bool) -> None:
    client = Client()
    if person:
        client.force_login(city.people[person])
    page = client.get(reverse("consultation-index")).content.decode()
    link = reverse("consultation-new", args=[city.organisation.slug])
    assert (link in page) is offered
