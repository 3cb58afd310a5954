"""Reader pages are the same for every reader, so they are cached whole.

The cache key carries the content generation (see news.freshness): publishing anything makes
every cached page stale at once. Responses tell browsers and CDNs how long they may keep them;
Django's ConditionalGetMiddleware adds the ETag and answers 304 to a matching request.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from hashlib import sha256
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from warta.news import freshness

View = Callable[..., HttpResponse]


def _key(request: HttpRequest, params: frozenset[str]) -> str:
    """The path and only the query parameters the page reads, in a fixed order: junk added to a
    query string (?utm_source=..., ?x=1, ?x=2, ...) finds the same entry instead of a new one."""
    used = sorted((name, value) for name, value in request.GET.items() if name in params)
    address = f"{request.path}?{urlencode(used)}"
    return f"warta:page:{freshness.current()}:{sha256(address.encode()).hexdigest()}"


def mark_public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.WARTA_PAGE_MAX_AGE,
        stale_while_revalidate=settings.WARTA_PAGE_STALE,
    )
    return response


def reader_page(view: View | None = None, *, params: Iterable[str] = ()) -> View:
    """Cache the page whole; `params` names the query parameters the view reads (the others
    cannot change the page, so they are not part of its cache key)."""
    if view is None:
        return lambda view: reader_page(view, params=params)  # type: ignore[return-value]
    used = frozenset(params)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        key = _key(request, used)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return mark_public(HttpResponse(content, content_type=content_type))
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                timeout=settings.WARTA_PAGE_MAX_AGE * 10,
            )
        if response.status_code in (200, 301, 404):
            mark_public(response)
        return response

    return wrapped
