"""Round slugs cannot take the paths of the results, implementation and pabulib pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from budgeting.models import Round
from budgeting.models.rounds import RESERVED_ROUND_SLUGS
from budgeting.services.pabulib_io import _unique_slug
from budgeting.services.rounds import round_create
from tests.budgeting.factories import round_dates
from tests.factories import CityFixture


@pytest.mark.parametrize("slug", RESERVED_ROUND_SLUGS)
def test_reserved_slugs_are_refused(city: CityFixture, slug: str) -> None:
    dates = round_dates(timezone.now(), "proposals")
    with pytest.raises(ValidationError) as refused:
        round_create(
            actor=city.people["official"],
            organisation=city.organisation,
            title="Budget",
            slug=slug,
            total_budget=Decimal(1000),
            dates=dates,
        )
    assert "slug" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database agrees
        Round.objects.create(
            organisation=city.organisation,
            title="Budget",
            slug=slug,
            total_budget=Decimal(1000),
            **dates,
        )


def test_imported_rounds_steer_clear_of_reserved_slugs(city: CityFixture) -> None:
    assert _unique_slug("Results") == "results-2"
    assert _unique_slug("Riverside") == "riverside"
