"""The edge in front of Warta: nginx keeps reader pages, and Warta refreshes the ones a change
makes stale.

nginx (configured by `warta edge-config nginx`) keeps each reader page for WARTA_EDGE_TTL
seconds, then asks Warta whether it is still good: a conditional request that Warta answers
from its own page cache, 304 while nothing the page shows has changed. That bounds how late any
change reaches readers. The changes that name what they touch (news.freshness keys) reach them
at once: when Warta renders a page it notes the page's address under each of the page's keys,
and when keys change it asks every edge to fetch those addresses again, under a prefix of
their own (REFRESH_PREFIX) and with a secret header, which makes nginx bypass its copy and
store the fresh answer: readers' requests are never searched for that header. Readers never
wait for this: the edge serves the copy it has until the new one is in, and goes on serving it
while Warta is down.

"all" is never noted (it is on every page): site-wide changes reach the edge by revalidation.
A lost note (the cache evicted it) costs that page at most WARTA_EDGE_TTL of staleness.

With nginx on this machine, the pages are also files it sends before its cache (public.lane):
a change removes the files of the pages noted under its keys (every file, when site-wide)
before it asks for the refreshes.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import urllib3
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from redis.exceptions import RedisError

from warta.news import freshness
from warta.public import lane

logger = logging.getLogger("warta.edge")

NOTES = "warta:edge:"
# The encodings the edge keeps apart (its configuration reduces every Accept-Encoding to one of
# them): a refresh fetches each.
ENCODINGS = ("br", "gzip", "")
REFRESH_HEADER = "X-Warta-Refresh"
# The edge takes refreshes here: /.warta-refresh/nasional/ refreshes /nasional/. A dot never
# begins a Warta address.
REFRESH_PREFIX = "/.warta-refresh"
# Query parameters a page the edge keeps may have: any other (a search, ?utm_source=...) goes to
# Warta, whose own cache ignores junk, so junk never makes an edge entry.
KEPT_PARAMS = frozenset({"page"})
# Addresses noted per key at most: the lists' deep pages come and go.
MOST_NOTES = 500

_pool = urllib3.PoolManager(num_pools=4, maxsize=8, retries=False)
_refresher = ThreadPoolExecutor(max_workers=8, thread_name_prefix="warta-edge")
_lock = threading.Lock()
_pending: set[Future] = set()


def enabled() -> bool:
    return bool(settings.WARTA_EDGE_URLS)


def secret() -> str:
    """What the edge's configuration expects in the refresh header: WARTA_EDGE_SECRET, or one
    derived from the secret key, so there is nothing more to keep."""
    if settings.WARTA_EDGE_SECRET:
        return settings.WARTA_EDGE_SECRET
    digest = hmac.new(settings.SECRET_KEY.encode(), b"warta-edge-refresh", hashlib.sha256)
    return digest.hexdigest()[:32]  # 128 bits, and short enough for nginx's map


def keepable(request: HttpRequest) -> bool:
    """Whether the edge may keep this request's answer: a page address without junk."""
    return all(name in KEPT_PARAMS for name in request.GET)


def mark(request: HttpRequest, response: HttpResponseBase) -> None:
    """Tell nginx how long it may keep the answer (X-Accel-Expires, which it does not pass on):
    pages and the moved and gone answers that replace them, not a 404 that a publish may turn
    into a page."""
    keep = response.status_code in (200, 301, 410) and keepable(request)
    response["X-Accel-Expires"] = str(settings.WARTA_EDGE_TTL if keep else 0)


def note(request: HttpRequest, keys: Iterable[str]) -> None:
    """Remember that this page's address shows what `keys` name."""
    if not enabled() or not keepable(request):
        return
    address = request.get_full_path()
    names = [f"{NOTES}{key}" for key in keys if key != freshness.ALL]
    if names:
        _index().add(names, address)


def refresh(keys: Iterable[str]) -> None:
    """Ask every edge, in the background, to fetch again the pages noted under `keys`."""
    if not enabled():
        return
    keys = frozenset(keys)
    if freshness.ALL in keys:
        lane.wipe()
    addresses = _index().take([f"{NOTES}{key}" for key in keys if key != freshness.ALL])
    lane.remove(addresses)  # before the change returns: readers then reach the refreshed copy
    for edge in settings.WARTA_EDGE_URLS:
        for address in sorted(addresses):
            job = _refresher.submit(_fetch, edge.rstrip("/"), address)
            with _lock:
                _pending.add(job)
            job.add_done_callback(_forget)


def _forget(job: Future) -> None:
    with _lock:
        _pending.discard(job)


def refresh_on_change(sender: Any, keys: frozenset[str], **kwargs: Any) -> None:
    """Receives news.freshness.changed (connected in PublicConfig.ready, so the worker and
    every command refresh the edge too)."""
    refresh(keys)


def _fetch(edge: str, address: str) -> None:
    host = settings.SITE_URL.split("://", 1)[1]
    for encoding in ENCODINGS:
        headers = {
            REFRESH_HEADER: secret(),
            "Host": host,
            "Accept-Encoding": encoding or "identity",
        }
        try:
            response = _pool.request(
                "GET",
                edge + REFRESH_PREFIX + address,
                headers=headers,
                timeout=10.0,
                preload_content=True,
            )
        except urllib3.exceptions.HTTPError as error:
            logger.warning("edge %s: could not refresh %s (%s)", edge, address, error)
            return
        if response.status >= 500:
            logger.warning("edge %s: refreshing %s answered %s", edge, address, response.status)
            return


def wait(timeout: float = 30.0) -> None:
    """Until the refreshes asked for so far are done (for tests and short-lived commands)."""
    with _lock:
        jobs = list(_pending)
    futures.wait(jobs, timeout=timeout)


class _Notes(ABC):
    """Addresses per key, kept in the cache; adding is atomic, so two pages rendered at once
    both stay noted."""

    @abstractmethod
    def add(self, names: list[str], address: str) -> None: ...

    @abstractmethod
    def take(self, names: list[str]) -> set[str]: ...


class _RedisNotes(_Notes):
    """Redis sets (SADD): atomic across app servers."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def add(self, names: list[str], address: str) -> None:
        try:
            pipe = self.client.pipeline(transaction=False)
            for name in names:
                key = cache.make_and_validate_key(name)
                pipe.sadd(key, address)
                pipe.expire(key, 86400)
            pipe.execute()
        except RedisError as error:
            logger.warning("could not note an edge page (%s)", error)

    def take(self, names: list[str]) -> set[str]:
        if not names:
            return set()
        keys = [cache.make_and_validate_key(name) for name in names]
        try:
            found = self.client.sunion(keys)
        except RedisError as error:
            logger.warning("could not read the edge's pages (%s)", error)
            return set()
        return {item.decode() for item in found}


class _LockedNotes(_Notes):
    """Lists in the cache, changed under a lock: the process's, and a file lock beside the data
    for the other processes of the one machine a file cache serves."""

    def __init__(self) -> None:
        self.path = Path(settings.DATA_DIR) / "edge.lock"

    def _locked(self) -> Any:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self.path.open("a")

    def add(self, names: list[str], address: str) -> None:
        with _lock, self._locked() as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            found = cache.get_many(names)
            changed = {}
            for name in names:
                addresses: list[str] = found.get(name, [])
                if address not in addresses:
                    changed[name] = [*addresses, address][-MOST_NOTES:]
            if changed:
                cache.set_many(changed, timeout=86400)

    def take(self, names: list[str]) -> set[str]:
        found = cache.get_many(names)
        return {address for addresses in found.values() for address in addresses}


def _index() -> _Notes:
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is not None and hasattr(cache, "make_and_validate_key"):
        return _RedisNotes(client(write=True))
    return _LockedNotes()
