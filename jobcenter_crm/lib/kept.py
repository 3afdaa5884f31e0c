"""Values kept a while in Django's cache, such as a large list's count
(companies.listing). With CACHE_URL set the cache is Redis, shared by every web worker;
otherwise each process keeps its own.

Keeping is an optimisation only: a cache that cannot be reached costs the value's
recomputation, logged, never the page."""

import logging
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a Redis cache raises when its server is down or slow (sockets raise OSError).
UNREACHABLE = (RedisError, OSError)


def kept(key: str) -> Any | None:
    """The value kept under `key`, or None (never kept, expired, or the cache is down)."""
    try:
        return cache.get(key)
    except UNREACHABLE:
        logger.warning("The cache could not be read; %s is computed again.", key, exc_info=True)
        return None


def keep(key: str, value: Any, seconds: int) -> None:
    """Keep `value` under `key` for `seconds`; a cache that is down keeps nothing."""
    try:
        cache.set(key, value, seconds)
    except UNREACHABLE:
        logger.warning("The cache could not be written; %s is not kept.", key, exc_info=True)
