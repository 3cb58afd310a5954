"""Redis as the shared cache, without making Redis a single point of failure.

When Redis does not answer, every cache call falls back to a small cache in the process's own
memory: reader pages still render (and are cached per process), the desk works, and sign-in
throttling goes on counting (per process) instead of failing open or answering 500. The outage
is logged once a minute, not once per request; Redis is tried again at most every few seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("warta.cache")

RETRY_AFTER = 5.0  # seconds between attempts to reach Redis again
LOG_EVERY = 60.0  # seconds between two log lines about the same outage


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback = LocMemCache("warta-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 2000}})
        self._down_until = 0.0
        self._logged_at = 0.0

    def _failed(self, error: Exception) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            logger.error("Redis is not answering (%s); using this process's memory for now", error)

    def _either(self, name: str, *args: Any, **kwargs: Any) -> Any:
        fallback: Callable[..., Any] = getattr(self._fallback, name)
        if time.monotonic() < self._down_until:
            return fallback(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback(*args, **kwargs)
        if self._logged_at and name == "get":
            logger.warning("Redis answers again")
            self._logged_at = 0.0
        return result

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("set", *args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("add", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("delete", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("touch", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("incr", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("has_key", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("get_many", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._either("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        return self._either("clear")
