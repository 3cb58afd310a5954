"""Reader pages are the same for every reader, so they are cached whole.

Each page is stored with the surrogate keys of what it shows (see news.freshness) and the
moment its rendering began; a hit checks those keys in one more cache read, so a change makes
stale exactly the pages that show what changed. The keys also go out in a `Surrogate-Key`
header, for a CDN or Varnish (xkey) that purges by key. A page is compressed and given its ETag
once, when it is rendered, so a hit does neither. Responses tell browsers and CDNs how long
they may keep them; Django's ConditionalGetMiddleware answers 304 to a matching request.

Each process keeps the pages it served lately in its own memory, within KEPT_BYTES. Where the
cache can say cheaply that nothing changed (news.freshness.stamp: a counter on one machine,
announcements heard on Redis), a kept page goes out without reading the cache at all; public.
wire_hits then answers it before Django builds a request.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from hashlib import sha256
from typing import NamedTuple, overload
from urllib.parse import urlencode

import brotli
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from warta import replica
from warta.lib.memo import BoundedMemo
from warta.news import freshness
from warta.public import edge, lane, release

View = Callable[..., HttpResponseBase]
logger = logging.getLogger("warta.public")
# Where each address's page is stored, per release: after an upgrade no reader gets a page the
# earlier release rendered (public.release). Entries of versions before the page was kept only
# compressed were stored under "warta:page:", so they are never read as today's.
PAGE_PREFIX = f"warta:pages:{release.current()}:"


def _address(request: HttpRequest, params: frozenset[str]) -> str:
    """The path and only the query parameters the page reads, in a fixed order: junk added to a
    query string (?utm_source=..., ?x=1, ?x=2, ...) finds the same entry instead of a new one."""
    used = sorted((name, value) for name, value in request.GET.items() if name in params)
    return sha256(f"{request.path}?{urlencode(used)}".encode()).hexdigest()


def shows(request: HttpRequest, *keys: str) -> None:
    """Name what the page being rendered shows, beyond the site-wide "all": "article:12",
    "section:3", "tag:8", "topic:2", "person:5", "day:2026-12-06". A page that names nothing
    is taken to list the newest news ("content"), made stale by any article's change."""
    found: set[str] | None = getattr(request, "_warta_keys", None)
    if found is not None:
        found.update(keys)


def mark_public(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.WARTA_PAGE_MAX_AGE,
        stale_while_revalidate=settings.WARTA_PAGE_STALE,
        stale_if_error=settings.WARTA_PAGE_STALE_IF_ERROR,
    )
    return response


def _stale(request: HttpRequest, address: str) -> HttpResponse | None:
    """The last good copy of the page, whatever has been published since, or None."""
    stored = cache.get(f"{PAGE_PREFIX}{address}")
    if stored is None:
        return None
    page = stored[0]
    logger.warning("database unavailable: serving the last good copy of %s", request.path)
    response = page.response(request)
    # Short-lived downstream, so readers get the fresh page soon after the database is back.
    patch_cache_control(response, public=True, max_age=30)
    return response


@overload
def reader_page(view: View, *, params: Iterable[str] = ()) -> View: ...
@overload
def reader_page(view: None = None, *, params: Iterable[str] = ()) -> Callable[[View], View]: ...


def reader_page(
    view: View | None = None, *, params: Iterable[str] = ()
) -> View | Callable[[View], View]:
    """Cache the page whole; `params` names the query parameters the view reads (the others
    cannot change the page, so they are not part of its cache key)."""
    if view is None:
        return lambda view: reader_page(view, params=params)
    used = frozenset(params)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        address = _address(request, used)
        key = f"{PAGE_PREFIX}{address}"
        if not getattr(request, "_warta_missed", False):  # EarlyHits looked already
            hit = _hit(request, address)
            if hit is not None:
                return hit
        freshness.current()  # the site-wide key exists before the rendering starts
        stamp = freshness.stamp()
        started = freshness.now()
        request._warta_keys = set()  # type: ignore[attr-defined]
        try:
            with replica.reader_queries():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response.render()
        except DatabaseError:
            # The database is down: the last good copy if there is one (stale-if-error), else
            # the error goes on to the friendly 503 page (public.views.server_error).
            stale = _stale(request, address)
            if stale is None:
                raise
            return stale
        keys = sorted(request._warta_keys or {freshness.CONTENT})  # type: ignore[attr-defined]
        if response.status_code == 200 and isinstance(response, HttpResponse):
            page = StoredPage.of(response)
            response = page.response(request)  # compressed for this reader, as a hit would be
            freshness.remember(keys, started)
            # Kept past its last use as a fresh page (KeptPage.until): it is the last good copy
            # for readers while the database is down (_stale).
            stored_for = max(settings.WARTA_PAGE_STALE_IF_ERROR, settings.WARTA_PAGE_MAX_AGE * 10)
            cache.set(key, PageEntry(page, keys, started), timeout=stored_for)
            _keys_of.remember(address, keys)
            _keep(address, KeptPage.of(page, keys, started, stamp))
            edge.note(request, keys)
            lane.fill(request, page, keys, started)
        if response.status_code in (200, 301, 404, 410):
            mark_public(response)
            _with_keys(response, keys)
            edge.mark(request, response)
        return response

    wrapped.warta_params = used  # type: ignore[attr-defined]
    return wrapped


# The keys each address's page was last stored with, in this process: a hit then reads the page
# and its keys' change times in one cache call (one round trip to Redis, not two).
_keys_of: BoundedMemo[str, list[str]] = BoundedMemo(20_000)


@dataclass
class KeptPage:
    """A stored page this process read, and the stamp (freshness.stamp) at which its keys were
    last found unchanged since it was rendered."""

    page: StoredPage = field(repr=False)
    keys: list[str]
    since: int
    until: float  # when the cache would have let the page go
    stamp: object  # freshness.stamp(): None, or a value only equal while nothing changed
    size: int
    # The answers the whole stack gave for it, as WireHits replays them (public.wire_hits).
    wire: dict[tuple[str, ...], tuple[str, list[tuple[str, str]], bytes]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def of(cls, page: StoredPage, keys: list[str], since: int, stamp: object) -> KeptPage:
        return cls(page, keys, since, _until(since), stamp, page.size)


def _until(since: int) -> float:
    """When a page rendered at `since` is rendered again, changes or not."""
    return since / 1e9 + settings.WARTA_PAGE_MAX_AGE * 10


# Pages this process served lately, newest last, within KEPT_BYTES: a hit then reads no page
# from the cache, only (at most) the times its keys changed.
_kept: OrderedDict[str, KeptPage] = OrderedDict()
_kept_bytes = 0
_kept_lock = threading.Lock()  # the app server's threads share them
KEPT_BYTES = 32 << 20


def _keep(address: str, kept: KeptPage) -> None:
    global _kept_bytes
    with _kept_lock:
        gone = _kept.pop(address, None)
        _kept_bytes += kept.size - (gone.size if gone else 0)
        _kept[address] = kept
        while _kept_bytes > KEPT_BYTES and _kept:
            _, oldest = _kept.popitem(last=False)
            _kept_bytes -= oldest.size


def _forget(address: str) -> None:
    global _kept_bytes
    with _kept_lock:
        gone = _kept.pop(address, None)
        if gone is not None:
            _kept_bytes -= gone.size


def forget_kept() -> None:
    """Let go of every page this process keeps, and of the keys it knows for each address."""
    global _kept_bytes
    with _kept_lock:
        _kept.clear()
        _kept_bytes = 0
        _keys_of.clear()


def _used(address: str) -> None:
    with _kept_lock:
        if address in _kept:
            _kept.move_to_end(address)


def _still_fresh(kept: KeptPage) -> bool:
    if time.time() >= kept.until:
        return False
    stamp = freshness.stamp()
    if stamp is not None and stamp == kept.stamp:
        return True
    if not freshness.fresh(kept.keys, kept.since):
        return False
    kept.stamp = stamp
    return True


def _stored(address: str) -> KeptPage | None:
    """The page the cache holds for this address, if it is fresh."""
    key = f"{PAGE_PREFIX}{address}"
    stamp = freshness.stamp()  # before the keys are read: a change after it is seen next time
    expected = _keys_of.get(address)
    if expected is None:
        stored = cache.get(key)
        found = None
    else:
        found = freshness.read(freshness.names(expected), key)
        stored = found.pop(key, None)
    if stored is None:
        return None
    page, keys, since = stored
    if time.time() >= _until(since):
        return None
    if keys != expected:
        _keys_of.remember(address, keys)
        found = None
    if not freshness.fresh(keys, since, found):
        return None
    return KeptPage.of(page, keys, since, stamp)


def fresh_kept(address: str) -> KeptPage | None:
    """The page this process keeps for the address, while it is fresh."""
    kept = _kept.get(address)
    if kept is None or not _still_fresh(kept):
        return None
    _used(address)
    return kept


# Where _hit leaves, in the request's WSGI environ (request.META), the address and the kept
# page it served.
SERVED = "warta.kept"


def _hit(request: HttpRequest, address: str) -> HttpResponse | None:
    """The stored page, if it is still fresh, as this reader gets it; else None."""
    kept = fresh_kept(address)
    if kept is None:
        kept = _stored(address)
        if kept is None:
            _forget(address)
            return None
        _keep(address, kept)
    request.META[SERVED] = (address, kept)  # the WSGI environ itself
    response = kept.page.response(request)
    mark_public(response)
    _with_keys(response, kept.keys)
    edge.mark(request, response)
    lane.fill(request, kept.page, kept.keys, kept.since)
    return response


# Which addresses are reader pages, and the query parameters each reads, in this process:
# resolving an address costs a cache hit as much again.
_routes: BoundedMemo[str, frozenset[str] | None] = BoundedMemo(20_000)


@receiver(setting_changed)
def _urls_changed(setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _routes.clear()


def _reader_params(path: str) -> frozenset[str] | None:
    if path in _routes:
        return _routes[path]
    try:
        params = getattr(resolve(path).func, "warta_params", None)
    except Resolver404:
        params = None
    return _routes.remember(path, params)


class EarlyHits:
    """Serve a stored reader page before the session, authentication, CSRF and messages
    middleware, which a page that is the same for every reader does not need. It sits inside
    the middleware that add headers (security, CSP, frame options) and conditional GET, so a
    hit gets them as any answer does. A miss goes on to the view, which renders and stores."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD"):
            params = _reader_params(request.path_info)
            if params is not None:
                hit = _hit(request, _address(request, params))
                if hit is not None:
                    return hit
                request._warta_missed = True  # type: ignore[attr-defined]
        return self.get_response(request)


ACCEPTS_GZIP = re.compile(r"\bgzip\b")
ACCEPTS_BROTLI = re.compile(r"\bbr\b")
# Brotli's quality 5 compresses a page in about the time gzip takes, and smaller; 11 would
# cost tens of milliseconds per render.
BROTLI_QUALITY = 5
# Below this, compressing saves less than the header costs (as Django's GZipMiddleware judges).
COMPRESS_FROM = 200


@dataclass(frozen=True)
class StoredPage:
    """A rendered page as the cache keeps it: compressed once when it is rendered (a hit never
    compresses), with its validator (a hit never hashes the body).

    A page worth compressing is kept only compressed: the rare reader who takes neither brotli
    nor gzip gets the gzip copy unpacked (once per process). Keeping the plain bytes as well
    doubled what the cache stores, and the cache's own zlib pass over them cost a tenth of a
    millisecond a render; the compressed copies need none (PageEntry.precompressed).
    """

    content_type: str
    etag: str
    gzipped: bytes | None
    brotli: bytes | None
    small: bytes | None  # the whole page, when too small to compress

    @classmethod
    def of(cls, response: HttpResponse) -> StoredPage:
        content = response.content
        digest = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        if len(content) < COMPRESS_FROM:
            return cls(response["Content-Type"], digest, None, None, content)
        gzipped = gzip.compress(content, 6, mtime=0)
        squeezed = brotli.compress(content, quality=BROTLI_QUALITY)
        return cls(response["Content-Type"], digest, gzipped, squeezed, None)

    @cached_property
    def content(self) -> bytes:
        """The plain page."""
        if self.gzipped is None:
            return self.small or b""
        return gzip.decompress(self.gzipped)

    def __getstate__(self) -> dict[str, object]:
        """The page as stored: without the plain copy a reader's request may have unpacked."""
        return {name: value for name, value in self.__dict__.items() if name != "content"}

    @property
    def size(self) -> int:
        return sum(len(part or b"") for part in (self.gzipped, self.brotli, self.small))

    def encoding(self, accepted: str) -> str:
        """The encoding a reader whose Accept-Encoding says `accepted` gets ("" for none)."""
        if self.brotli is not None and ACCEPTS_BROTLI.search(accepted):
            return "br"
        if self.gzipped is not None and ACCEPTS_GZIP.search(accepted):
            return "gzip"
        return ""

    def body(self, encoding: str) -> bytes:
        found = {"br": self.brotli, "gzip": self.gzipped}.get(encoding)
        return self.content if found is None else found

    def response(self, request: HttpRequest) -> HttpResponse:
        encoding = self.encoding(request.headers.get("Accept-Encoding", ""))
        response = HttpResponse(self.body(encoding), content_type=self.content_type)
        if encoding:
            response["Content-Encoding"] = encoding
            response["ETag"] = f'{self.etag[:-1]}-{encoding}"'  # each encoding its own validator
        else:
            response["ETag"] = self.etag
        patch_vary_headers(response, ("Accept-Encoding",))
        return response


class PageEntry(NamedTuple):
    """What the cache holds for an address: the page, the keys it shows, when it was begun."""

    page: StoredPage
    keys: list[str]
    since: int

    @property
    def precompressed(self) -> bool:
        """Its bytes are compressed already: the file cache stores it as it is."""
        return self.page.small is None


def _with_keys(response: HttpResponseBase, keys: Iterable[str]) -> HttpResponseBase:
    response["Surrogate-Key"] = " ".join([freshness.ALL, *keys])
    return response
