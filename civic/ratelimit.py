"""A small fixed-window rate limit on the cache, for page forms (the API uses DRF throttles)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def _client_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(request: HttpRequest, *, action: str, limit: int, period: int) -> bool:
    """Count this attempt; True once more than ``limit`` attempts fell in ``period`` s."""
    key = f"ratelimit:{action}:{_client_key(request)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count > limit
