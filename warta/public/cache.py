"""Reader pages are the same for every reader, so they are cached whole.

Each page is stored with the surrogate keys of what it shows (see news.freshness) and the
moment its rendering began; a hit checks those keys in one more cache read, so a change makes
stale exactly the pages that show what changed. The keys also go out in a `Surrogate-Key`
header, for a CDN or Varnish (xkey) that purges by key. A page is compressed and given its ETag
once, when it is rendered, so a hit does neither. Responses tell browsers and CDNs how long
they may keep them; Django's ConditionalGetMiddleware answers 304 to a matching request.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from hashlib import sha256
from typing import overload
from urllib.parse import urlencode

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

from warta.news import freshness
from warta.public import edge

View = Callable[..., HttpResponseBase]
logger = logging.getLogger("warta.public")


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
    kept = cache.get(f"warta:stale:{address}")
    if kept is None:
        return None
    content, content_type = kept
    logger.warning("database unavailable: serving the last good copy of %s", request.path)
    response = HttpResponse(content, content_type=content_type)
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
        key = f"warta:page:{address}"
        stored = cache.get(key)
        if stored is not None:
            page, keys, since = stored
            if freshness.fresh(keys, since):
                response = _with_keys(mark_public(page.response(request)), keys)
                edge.mark(request, response)
                return response
        freshness.current()  # the site-wide key exists before the rendering starts
        started = freshness.now()
        request._warta_keys = set()  # type: ignore[attr-defined]
        try:
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
            cache.set(key, (page, keys, started), timeout=settings.WARTA_PAGE_MAX_AGE * 10)
            edge.note(request, keys)
            # Outlives any change, for readers while the database is down.
            cache.set(
                f"warta:stale:{address}",
                (page.content, page.content_type),
                timeout=settings.WARTA_PAGE_STALE_IF_ERROR,
            )
        if response.status_code in (200, 301, 404, 410):
            mark_public(response)
            _with_keys(response, keys)
            edge.mark(request, response)
        return response

    return wrapped


ACCEPTS_GZIP = re.compile(r"\bgzip\b")
ACCEPTS_BROTLI = re.compile(r"\bbr\b")
# Brotli's quality 5 compresses a page in about the time gzip takes, and smaller; 11 would
# cost tens of milliseconds per render.
BROTLI_QUALITY = 5
# Below this, compressing saves less than the header costs (as Django's GZipMiddleware judges).
COMPRESS_FROM = 200


@dataclass(frozen=True)
class StoredPage:
    """A rendered page as the cache keeps it: its bytes, compressed once when it is rendered
    (a hit never compresses), and its validator (a hit never hashes the body)."""

    content: bytes
    content_type: str
    gzipped: bytes | None
    etag: str
    brotli: bytes | None = None

    @classmethod
    def of(cls, response: HttpResponse) -> StoredPage:
        content = response.content
        small = len(content) < COMPRESS_FROM
        gzipped = None if small else gzip.compress(content, 6, mtime=0)
        squeezed = None if small else brotli.compress(content, quality=BROTLI_QUALITY)
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        return cls(content, response["Content-Type"], gzipped, f'"{digest}"', squeezed)

    def response(self, request: HttpRequest) -> HttpResponse:
        accepted = request.headers.get("Accept-Encoding", "")
        if self.brotli is not None and ACCEPTS_BROTLI.search(accepted):
            response = HttpResponse(self.brotli, content_type=self.content_type)
            response["Content-Encoding"] = "br"
            response["ETag"] = f'{self.etag[:-1]}-br"'  # each encoding its own validator
        elif self.gzipped is not None and ACCEPTS_GZIP.search(accepted):
            response = HttpResponse(self.gzipped, content_type=self.content_type)
            response["Content-Encoding"] = "gzip"
            response["ETag"] = f'{self.etag[:-1]}-gzip"'
        else:
            response = HttpResponse(self.content, content_type=self.content_type)
            response["ETag"] = self.etag
        patch_vary_headers(response, ("Accept-Encoding",))
        return response


def _with_keys(response: HttpResponseBase, keys: Iterable[str]) -> HttpResponseBase:
    response["Surrogate-Key"] = " ".join([freshness.ALL, *keys])
    return response
