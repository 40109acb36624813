"""Shared fixtures: people in every role the permission matrix needs."""

from __future__ import annotations

import os

os.environ.setdefault("CIVIC_ENV", "test")

import pytest

from tests.factories import CityFixture, build_city

pytest_plugins = ["tests.browser"]


@pytest.fixture
def city(db: None) -> CityFixture:
    return build_city()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate limits and permission caches live in the cache; tests start from empty.
    from django.core.cache import cache

    cache.clear()
