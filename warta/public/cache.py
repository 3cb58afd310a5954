"""Reader pages are the same for every reader, so they are cached whole.

The cache key carries the content generation (see news.freshness): publishing anything makes
every cached page stale at once. Responses tell browsers and CDNs how long they may keep them;
Django's ConditionalGetMiddleware adds the ETag and answers 304 to a matching request.
"""

from collections.abc import Callable
from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from warta.news import freshness

View = Callable[..., HttpResponse]


def _key(request: HttpRequest) -> str:
    path = sha256(request.get_full_path().encode()).hexdigest()
    return f"warta:page:{freshness.current()}:{path}"


def mark_public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.WARTA_PAGE_MAX_AGE,
        stale_while_revalidate=settings.WARTA_PAGE_STALE,
    )
    return response


def reader_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        key = _key(request)
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
