"""Reader pages read a streaming PostgreSQL replica; everything else reads and writes the primary.

A newsroom that outgrows one database server adds a replica (WARTA_REPLICA_DATABASE_URL)
and moves the reader site's queries there, which are most of them: the desk, the API, the
workers and every write stay on the primary.

A replica lags: it replays the primary's changes a moment after they commit. A reader page
rendered from a replica that has not yet replayed a publish would be cached, and the
freshness keys (news.freshness) would call it fresh, since it was rendered after the change
was recorded. So every recorded change also records how far the primary's write-ahead log had
got (`position_of_changes`), and a page is rendered from the replica only when the replica has
replayed at least that far; otherwise, and whenever the replica cannot be reached, from the
primary. Any lag is tolerated without a stale page: while the replica is behind, its readers
cost the primary, as they would without a replica.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger("warta.replica")

REPLICA = "replica"
POSITION_KEY = "warta:replica:written"
LOG_EVERY = 60.0  # seconds between two log lines about the same unreachable replica

# Per reader request: None outside one, UNDECIDED until its first query asks, then the alias.
UNDECIDED = ""
_reading: ContextVar[str | None] = ContextVar("warta_replica_reading", default=None)
_last_logged = 0.0


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reader_queries() -> Iterator[None]:
    """Around a reader page's rendering: its queries may go to the replica, if it is current."""
    if not configured():
        yield
        return
    token = _reading.set(UNDECIDED)
    try:
        yield
    finally:
        _reading.reset(token)


def position_of_changes() -> dict[str, str]:
    """For news.freshness.bump, written before the change's keys: how far the primary's log
    reached once the change had committed. The insert position, not the write position: the
    write position can run ahead to the end of a WAL page, which a replica never reports as
    replayed while nothing more is written."""
    if not configured():
        return {}
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return {POSITION_KEY: cursor.fetchone()[0]}


def _written() -> str:
    """The position readers must see; when the cache lost it, the primary's current one."""
    position = cache.get(POSITION_KEY)
    if position is None:
        position = position_of_changes()[POSITION_KEY]
        cache.add(POSITION_KEY, position, timeout=None)
    return position


def _choose() -> str:
    try:
        needed = _written()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [needed])
            current = cursor.fetchone()[0]
    except DatabaseError as error:
        _log_unreachable(error)
        return DEFAULT_DB_ALIAS
    # NULL when the server is not replaying (it was promoted, or is no replica at all).
    return REPLICA if current else DEFAULT_DB_ALIAS


def _log_unreachable(error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY:
        _last_logged = now
        logger.warning("Replica not used, reader pages read the primary: %s", error)


class ReplicaRouter:
    """DATABASE_ROUTERS entry when a replica is configured (settings)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        alias = _reading.get()
        if alias is None:
            return DEFAULT_DB_ALIAS
        if alias == UNDECIDED:
            alias = _choose()
            _reading.set(alias)
        return alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows on both servers

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica replays the primary's migrations
