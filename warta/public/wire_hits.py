"""Cache hits answered before Django builds a request.

A reader page this process keeps (public.cache) goes out, the first time, through the whole
stack: Django's request, the middleware that add headers, EarlyHits. WireHits, around the WSGI
application, records that answer (status and headers) on the kept page, under everything in
the request that any middleware reads: path, host, scheme, the proxy's scheme header and the
encodings the reader accepts. The next request that matches gets those bytes and headers again
while the page stays fresh, without a request object, middleware or URL resolution; anything
else (a query string, a conditional or non-GET request, a page not kept or gone stale) goes the
usual way. The recorded answers live on the kept pages, inside their memory budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from warta.lib.memo import BoundedMemo
from warta.public import cache as page_cache

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Which page each recorded request shape was answered with; cleared when full.
_addresses: BoundedMemo[tuple[str, ...], str] = BoundedMemo(20_000)


def _shape(environ: dict[str, Any]) -> tuple[str, ...] | None:
    """The request as the stack sees it, or None when only the stack may answer it."""
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or environ.get("QUERY_STRING")
        or "HTTP_HOST" not in environ
        or any(name.startswith("HTTP_IF_") for name in environ)
    ):
        return None
    accepted = environ.get("HTTP_ACCEPT_ENCODING", "")
    proxy = settings.SECURE_PROXY_SSL_HEADER
    return (
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ["HTTP_HOST"],
        environ.get("wsgi.url_scheme", ""),
        environ.get(proxy[0], "") if proxy else "",
        "br" if page_cache.ACCEPTS_BROTLI.search(accepted) else "",
        "gzip" if page_cache.ACCEPTS_GZIP.search(accepted) else "",
    )


class WireHits:
    def __init__(self, application: WSGIApp) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        shape = _shape(environ)
        if shape is None:
            return self.application(environ, start_response)
        address = _addresses.get(shape)
        kept = None if address is None else page_cache.fresh_kept(address)
        answer = None if kept is None else kept.wire.get(shape)
        if answer is not None:
            status, headers, body = answer
            start_response(status, headers)
            return [body]
        sent: list[tuple[str, list[tuple[str, str]]]] = []

        def recording(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent.append((status, headers))
            return start_response(status, headers, *exc_info)

        response = self.application(environ, recording)
        served = environ.get(page_cache.SERVED)
        if served is not None and sent:
            _record(shape, served, *sent[-1])
        return response


def _record(
    shape: tuple[str, ...],
    served: tuple[str, page_cache.KeptPage],
    status: str,
    headers: list[tuple[str, str]],
) -> None:
    address, kept = served
    named = {name.lower(): value for name, value in headers}
    body = kept.page.body(named.get("content-encoding", ""))
    if (
        not status.startswith("200 ")
        or "set-cookie" in named
        or named.get("content-length") != str(len(body))
    ):
        return
    _addresses.remember(shape, address)
    kept.wire[shape] = (status, list(headers), body)
