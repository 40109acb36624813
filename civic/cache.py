"""The Redis cache, failing open: rate-limit counters and cached figures are worth less
than the platform staying up while Redis restarts."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _fail_open(fallback: Callable[..., Any]) -> Callable[[F], F]:
    """Answer ``fallback(*args, **kwargs)`` instead of raising when Redis is unreachable."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def run(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                logger.warning("cache unavailable, %s skipped: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class FailOpenRedisCache(RedisCache):
    """While Redis is down, reads miss, writes are dropped and counters read 1, so rate
    limits let requests through (logged) instead of every request failing."""

    get = _fail_open(_default)(RedisCache.get)
    set = _fail_open(lambda *a, **k: None)(RedisCache.set)
    add = _fail_open(lambda *a, **k: True)(RedisCache.add)
    touch = _fail_open(lambda *a, **k: False)(RedisCache.touch)
    delete = _fail_open(lambda *a, **k: False)(RedisCache.delete)
    has_key = _fail_open(lambda *a, **k: False)(RedisCache.has_key)
    incr = _fail_open(lambda key, delta=1, *a, **k: delta)(RedisCache.incr)
    get_many = _fail_open(lambda *a, **k: {})(RedisCache.get_many)
    set_many = _fail_open(lambda keys, *a, **k: list(keys))(RedisCache.set_many)
    delete_many = _fail_open(lambda *a, **k: None)(RedisCache.delete_many)
