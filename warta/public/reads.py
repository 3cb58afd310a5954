"""Read counts from the article beacon, buffered in the process and written once a minute.

A read costs the beacon a cache write (the once-per-client check) and an addition in memory;
the database gets one transaction a minute from each app-server process, whatever the traffic
(news.actions.record_article_reads). What a process holds when it is killed is lost: at most a
minute of one process's reads, which "Terpopuler" can spare.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from django.db import DatabaseError
from django.utils import timezone

from warta.news import actions

logger = logging.getLogger("warta.public")
FLUSH_EVERY = 60.0
# Beacons for made-up article numbers must not grow a process's memory without bound.
MAX_ARTICLES = 20_000

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = time.monotonic()


def add(article_id: int) -> None:
    """One read; the buffer goes to the database when a minute has passed since the last time."""
    global _last_flush
    with _lock:
        if article_id in _pending or len(_pending) < MAX_ARTICLES:
            _pending[article_id] += 1
        due = time.monotonic() - _last_flush >= FLUSH_EVERY
        if due:
            _last_flush = time.monotonic()
    if due:
        flush()


def flush() -> int:
    """Write what the buffer holds (as reads of the current hour); return how many reads. While
    the database is down the reads stay in the buffer for the next minute."""
    with _lock:
        counts = dict(_pending)
        _pending.clear()
    if not counts:
        return 0
    try:
        actions.record_article_reads(counts, at=timezone.now())
    except DatabaseError:
        logger.warning(
            "database unavailable: %s reads kept for the next minute", sum(counts.values())
        )
        with _lock:
            _pending.update(counts)
        return 0
    return sum(counts.values())


def pending() -> int:
    with _lock:
        return sum(_pending.values())
