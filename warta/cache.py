"""Redis as the shared cache, without making Redis a single point of failure.

When Redis does not answer, every cache call falls back to a small cache in the process's own
memory: reader pages still render (and are cached per process), the desk works, and sign-in
throttling goes on counting (per process) instead of failing open or answering 500. The outage
is logged once a minute, not once per request; Redis is tried again at most every few seconds.

Every change to what reader pages show is also announced on a Redis channel, which a thread in
each process listens to: while it listens, a process knows that nothing changed since it last
checked a page it keeps, and serves that page without asking Redis (news.freshness.stamp). A
message lost in a way the listener cannot see costs at most TRUST seconds: the stamp also
turns over that often, and each kept page's keys are read again.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("warta.cache")

RETRY_AFTER = 5.0  # seconds between attempts to reach Redis again
LOG_EVERY = 60.0  # seconds between two log lines about the same outage
TRUST = 1.0  # seconds a kept page is served on the listener's word alone
CHANGES_CHANNEL = "warta:changes"


class ChangeListener:
    """Counts, in this process, the changes that any process announces on the channel."""

    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.channel = channel
        self.count = 0
        self.session = 0  # one more at each subscription: a reconnection trusts nothing before
        self.listening = False
        self.started = False
        self._lock = threading.Lock()
        self._counting = threading.Lock()

    def add_one(self) -> None:
        with self._counting:
            self.count += 1

    def stamp(self) -> tuple[int, int, int] | None:
        if not self.started:  # the first call, or the first in a forked worker
            self._start()
        if not self.listening:
            return None
        return (self.session, self.count, int(time.monotonic() / TRUST))

    def _start(self) -> None:
        with self._lock:
            if self.started:
                return
            self.started = True
            threading.Thread(target=self._listen, name="warta-changes", daemon=True).start()

    def _listen(self) -> None:
        while True:
            client = redis.Redis.from_url(
                self.url, socket_connect_timeout=0.5, health_check_interval=5
            )
            try:
                pubsub = client.pubsub()
                pubsub.subscribe(self.channel)
                while True:
                    message = pubsub.get_message(timeout=5.0)
                    if message is None:
                        continue
                    if message["type"] == "subscribe":
                        self.session += 1
                        self.listening = True
                    elif message["type"] == "message":
                        self.add_one()
            except (redis.RedisError, OSError) as error:
                if self.listening:
                    logger.warning("stopped listening for changes on Redis (%s)", error)
                self.listening = False
                time.sleep(RETRY_AFTER)
            finally:
                client.close()


# One listener per channel in a process: Django makes a cache object per thread.
_listeners: dict[tuple[str, str], ChangeListener] = {}
_listeners_lock = threading.Lock()


def _forked() -> None:
    """A forked process (an app server's worker) has none of its parent's threads."""
    global _listeners_lock
    _listeners_lock = threading.Lock()
    for listener in _listeners.values():
        listener.started = listener.listening = False
        listener._lock = threading.Lock()
        listener._counting = threading.Lock()


os.register_at_fork(after_in_child=_forked)


def _listener(url: str, channel: str) -> ChangeListener:
    with _listeners_lock:
        found = _listeners.get((url, channel))
        if found is None:
            found = _listeners[(url, channel)] = ChangeListener(url, channel)
        return found


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback = LocMemCache("warta-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 2000}})
        self._down_until = 0.0
        self._logged_at = 0.0
        first = re.split("[;,]", server)[0] if isinstance(server, str) else server[0]
        self._listener = _listener(first, self.make_key(CHANGES_CHANNEL))

    def changes(self) -> tuple[int, int, int] | None:
        """Where the changes announced on Redis stand, or None while no one listens to them
        (see news.freshness.stamp)."""
        if time.monotonic() < self._down_until:
            return None
        return self._listener.stamp()

    def count_change(self) -> None:
        self._listener.add_one()  # seen here at once, whatever the channel's delay
        if time.monotonic() < self._down_until:
            return
        try:
            client = self._cache.get_client(write=True)  # type: ignore[attr-defined]
            client.publish(self._listener.channel, b"1")
        except redis.RedisError as error:
            self._failed(error)

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
        except redis.RedisError as error:
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
