"""The headers a reader page goes out with, for an edge that sends pages as files
(public.edge_pages): nginx adds them from its configuration, so they must be the ones Warta's
own middleware would add. They are taken from that middleware, run around a blank reader page,
rather than written out a second time, so a changed policy reaches the edge when its
configuration is written again."""

from __future__ import annotations

import io
import warnings
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.request import validate_host
from django.utils.module_loading import import_string

from warta.public.cache import mark_public

# What nginx sets itself for a file (type, length, validators, encoding), what it must never
# send on (cookies, its own instructions, the keys), and what a page's body alone decides.
LEFT_TO_THE_FILE = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "etag",
        "last-modified",
        "vary",
        "date",
        "expires",
        "set-cookie",
        "x-accel-expires",
        "surrogate-key",
        "content-language",
    }
)
# An address no view answers: the cache finds no page for it, and only the middleware runs.
PROBE_PATH = "/.warta-edge-headers/"


def reader_page_headers() -> list[tuple[str, str]]:
    """The headers Warta's middleware put on a reader page, in the order it puts them."""
    site = urlsplit(settings.SITE_URL)
    port = site.port or (443 if site.scheme == "https" else 80)
    host = site.netloc
    if not validate_host(site.hostname or "", settings.ALLOWED_HOSTS):
        # No header depends on the host; CommonMiddleware only asks that it be allowed.
        host = next((name for name in settings.ALLOWED_HOSTS if name[:1] not in (".", "*")), host)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PROBE_PATH,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(port),
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
    }
    if site.scheme == "https" and settings.SECURE_PROXY_SSL_HEADER:
        environ[settings.SECURE_PROXY_SSL_HEADER[0]] = settings.SECURE_PROXY_SSL_HEADER[1]

    def blank_page(request: HttpRequest) -> HttpResponseBase:
        return mark_public(HttpResponse(content_type="text/html; charset=utf-8"))

    handler = blank_page
    with warnings.catch_warnings():  # WhiteNoise's, where static files are not collected yet
        warnings.simplefilter("ignore")
        for path in reversed(settings.MIDDLEWARE):
            handler = import_string(path)(handler)
    response = handler(WSGIRequest(environ))
    return [
        (name, value) for name, value in response.items() if name.lower() not in LEFT_TO_THE_FILE
    ]
