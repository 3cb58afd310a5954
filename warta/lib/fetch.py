"""Every request Warta makes to another server: wire feeds, media by URL, page import, webhooks.

An address typed by an editor or found in an export is untrusted: it may name the newsroom's own
network (the database, a router, a cloud's metadata service). So each fetch resolves the name
itself, refuses it when any of its addresses is not on the public internet, connects to the
address it checked (a second DNS answer cannot differ from the first), and does all of it again
for every redirect. Time and size are bounded, so a slow or endless server costs little.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError

logger = logging.getLogger("warta.fetch")

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20.0  # seconds for the whole exchange, redirects included
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """The fetch failed; the message says why in words an editor can act on."""


class RefusedAddress(FetchError):
    """The address is not on the public internet (or the scheme is not http/https)."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@cache
def _allowed_networks(networks: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(ip_network(network, strict=False) for network in networks)


def public(address: IPv4Address | IPv6Address) -> bool:
    """On the public internet: not loopback, private, link-local (cloud metadata lives there),
    shared, multicast, reserved or unspecified; an IPv4 address inside IPv6 is judged as IPv4."""
    if isinstance(address, IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return public(inner)
    return address.is_global and not address.is_multicast


def _permitted(address: IPv4Address | IPv6Address) -> bool:
    allowed = _allowed_networks(tuple(settings.WARTA_FETCH_ALLOW_NETWORKS))
    return public(address) or any(address in network for network in allowed)


def resolve(host: str, port: int) -> list[str]:
    """Every address the name has, each checked; refused when any one is not permitted, since
    the connection could go to any of them."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("The server %(host)s cannot be found.") % {"host": host}) from error
    addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
    for text in addresses:
        if not _permitted(ip_address(text)):
            logger.warning("refused a fetch of %s: it resolves to %s", host, text)
            raise RefusedAddress(
                _(
                    "%(host)s is an address inside a private network; Warta fetches only from the "
                    "public internet."
                )
                % {"host": host}
            )
    if not addresses:
        raise FetchError(_("The server %(host)s cannot be found.") % {"host": host})
    return addresses


class _PinnedHTTP(HTTPConnection):
    """Connects to the address resolve() checked, never to a fresh DNS answer."""

    def _new_conn(self) -> socket.socket:
        last: OSError | None = None
        for address in resolve(self.host, self.port or 80):
            try:
                return socket.create_connection((address, self.port or 80), timeout=self.timeout)  # type: ignore[arg-type]
            except OSError as error:
                last = error
        raise FetchError(_("The server %(host)s does not answer.") % {"host": self.host}) from last


class _PinnedHTTPS(_PinnedHTTP, HTTPSConnection):
    """TLS over the checked address; the certificate is still checked against the name."""


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _PinnedHTTP


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPS


def _target(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress(
            _("Only http and https addresses can be fetched: %(url)s") % {"url": url[:200]}
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise RefusedAddress(
            _("The address has an invalid port: %(url)s") % {"url": url[:200]}
        ) from error
    return parts.scheme, parts.hostname, port


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """Fetch a URL through the guard, following redirects (each one checked again).

    Raises FetchError (RefusedAddress for a forbidden address) with the reason; any HTTP status
    is a Response, so callers decide what a 304 or a 404 means to them.
    """
    deadline = time.monotonic() + timeout
    sent = {
        "User-Agent": f"Warta/1.0 (+{settings.SITE_URL})",
        "Accept-Encoding": "gzip, deflate",
        **(headers or {}),
    }
    for _hop in range(max_redirects + 1):
        response = _exchange(url, method, sent, body, max_bytes, deadline)
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(url, location)
        if response.status == 303 or (response.status in (301, 302) and method == "POST"):
            method, body = "GET", None
    raise FetchError(_("Too many redirects: the server sends Warta round in circles."))


def _exchange(
    url: str,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
    max_bytes: int,
    deadline: float,
) -> Response:
    scheme, host, port = _target(url)
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_("The server took too long to answer."))
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        pool = _TLSPool(
            host, port, maxsize=1, timeout=urllib3.Timeout(connect=min(left, 10), read=left)
        )
    else:
        pool = _Pool(
            host, port, maxsize=1, timeout=urllib3.Timeout(connect=min(left, 10), read=left)
        )
    path = urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl() or "/"
    try:
        answer = pool.urlopen(
            method,
            path,
            body=body,
            headers=dict(headers),
            redirect=False,
            retries=False,
            preload_content=False,
        )
        try:
            declared = answer.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(max_bytes))
            received = bytearray()
            # read1 returns what has arrived, so a server that drips bytes meets the deadline.
            while chunk := answer.read1(CHUNK, decode_content=True):
                received += chunk
                if len(received) > max_bytes:
                    raise FetchError(_too_large(max_bytes))
                if time.monotonic() > deadline:
                    raise FetchError(_("The server took too long to answer."))
        finally:
            answer.release_conn()
            answer.close()
    except FetchError:
        raise
    except (HTTPError, OSError) as error:
        logger.info("fetch of %s failed: %s", url, error)
        if "timed out" in str(error).lower():
            raise FetchError(_("The server took too long to answer.")) from error
        raise FetchError(_("The server %(host)s could not be reached.") % {"host": host}) from error
    finally:
        pool.close()
    return Response(
        url=url,
        status=answer.status,
        headers={name.lower(): value for name, value in answer.headers.items()},
        body=bytes(received),
    )


def _too_large(limit: int) -> str:
    return _("The answer is larger than %(size)s MB, the most Warta reads.") % {
        "size": f"{limit / 1024 / 1024:g}"
    }
