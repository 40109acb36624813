"""While Redis is down the cache fails open: API requests that count against rate limits
are answered, and the cache works again once Redis is back."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.notifications.servers import free_port, start_redis

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache() -> Iterator[tuple[int, str]]:
    port = free_port()
    with (
        tempfile.TemporaryDirectory() as workdir,
        override_settings(
            CACHES={
                "default": {
                    "BACKEND": "civic.cache.FailOpenRedisCache",
                    "LOCATION": f"redis://127.0.0.1:{port}/0",
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
                }
            }
        ),
    ):
        yield port, workdir


def test_cache_fails_open_while_redis_is_down_and_recovers(redis_cache: tuple[int, str]) -> None:
    port, workdir = redis_cache
    # Nothing listens yet: reads miss, writes are dropped, counters read as first hits.
    assert cache.get("answer", "missing") == "missing"
    cache.set("answer", 42)
    assert cache.add("fresh", 1) is True
    assert cache.incr("fresh") == 1
    assert cache.get_many(["a", "b"]) == {}
    server = start_redis(port, workdir)
    try:
        cache.set("answer", 42)
        assert cache.get("answer") == 42
        assert cache.add("counter", 0) is True
        assert cache.incr("counter") == 1
        assert cache.incr("counter") == 2
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert cache.get("answer", "gone") == "gone"


@pytest.mark.django_db
def test_throttled_api_requests_are_answered_while_redis_is_down(
    redis_cache: tuple[int, str],
) -> None:
    response = Client().get("/api/v1/rounds/")
    assert response.status_code == 200
