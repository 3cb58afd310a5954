"""Reader pages as files, for an nginx edge on the same machine (WARTA_EDGE_LANE).

nginx answers a hit from its own cache (public.edge) at well under what it reaches serving a
file: on a hit it looks the key up in a shared zone, reads the stored answer twice and parses
its headers back. A file it holds open goes out with one read and one write. So Warta also
writes each reader page it serves as three files under WARTA_EDGE_LANE (the page, and its .br
and .gz copies beside it), which the edge's configuration (`warta edge-config nginx`) serves
before its cache, for readers not signed in asking for a page address without a query string;
nginx's brotli_static and gzip_static choose the copy the reader accepts, and the headers
Warta's answer would carry are in that configuration.

A file is only ever as fresh as the page it was written from, and never stays longer than
what it shows:
- A change removes the files of the pages noted under its keys (public.edge) before the change
  returns, and all of them when the change is site-wide. nginx trusts a file it holds open for
  up to a second (open_file_cache_valid), so readers see the change within a second of the
  publish returning; meanwhile Warta refreshes the edge's cache, which readers reach once the
  file is gone.
- A page is written only while none of its keys changed after its rendering began, and removed
  again if one changed while it was being written.
- The worker removes files older than WARTA_EDGE_LANE_MAX_AGE (expire), the bound for a page
  whose note the cache lost, or that shows something no change names. The next request Warta
  answers for that page writes it again.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from warta.news import freshness

if TYPE_CHECKING:
    from warta.public.cache import StoredPage

logger = logging.getLogger("warta.edge")

# The folder under the lane that nginx's root points at: renamed away whole to remove every page.
PAGES = "pages"
# The file a page address (always ending in "/") is written to (nginx's try_files asks for
# ${uri}index.html), and its compressed copies beside it, named as brotli_static and
# gzip_static look for them. The page itself comes last: it is what nginx looks for first.
FILES = (("br", "index.html.br"), ("gzip", "index.html.gz"), ("", "index.html"))
PAGE_FILE = FILES[-1][1]


def root() -> Path | None:
    """The lane, when one is configured."""
    folder = settings.WARTA_EDGE_LANE
    return Path(folder) if folder and settings.WARTA_EDGE_URLS else None


def relative(address: str) -> PurePosixPath | None:
    """The folder under PAGES that holds the files of the page at `address`, or None when the
    edge would never serve that address from a file (a query string, not ending in "/") or
    when the path could leave the lane."""
    if "?" in address or not address.startswith("/") or not address.endswith("/"):
        return None
    parts = address[1:-1].split("/") if address != "/" else []
    if any(part in ("", ".", "..") or "\0" in part for part in parts):
        return None
    return PurePosixPath(*parts)


def fill(request: HttpRequest, page: StoredPage, keys: Iterable[str], since: int) -> None:
    """Write the page Warta just answered with as the lane's files, unless they are there and
    at least as new as it (a stat, on the way out of a hit)."""
    folder = root()
    if folder is None or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return
    where = relative(request.path)
    if where is None or page.small is not None or not page.content_type.startswith("text/html"):
        return  # a page too small to compress has no compressed copy: the edge's cache has it
    files = folder / PAGES / where
    probe = files / PAGE_FILE
    try:
        if probe.stat().st_mtime_ns >= since:
            return
    except FileNotFoundError:
        pass
    except OSError as error:
        _warn("edge lane: cannot read %s (%s)", probe, error)
        return
    keys = list(keys)
    if not freshness.fresh(keys, since):
        return
    try:
        for encoding, name in FILES:
            _write(files / name, page.body(encoding))
    except OSError as error:
        _warn("edge lane: cannot write %s (%s)", where, error)
        remove([request.path])
        return
    if not freshness.fresh(keys, since):  # a change came in while the files were written
        remove([request.path])


_warned = 0.0


def _warn(message: str, *args: object) -> None:
    """A lane that cannot be read or written (a full disk, a wrong owner) is said once a
    minute per process, not at every reader's request: pages still go out, from the cache."""
    global _warned
    if time.monotonic() - _warned >= 60 or not _warned:
        _warned = time.monotonic()
        logger.warning(message, *args)


def _write(path: Path, body: bytes) -> None:
    """Whole or not at all: nginx opens either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(body)
        os.chmod(temporary, 0o644)  # nginx's workers read it as another user
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove(addresses: Iterable[str]) -> None:
    """Remove the files of these page addresses: the page first, so nginx stops looking for
    its copies."""
    folder = root()
    if folder is None:
        return
    for address in addresses:
        where = relative(address)
        if where is None:
            continue
        for _encoding, name in reversed(FILES):
            try:
                (folder / PAGES / where / name).unlink(missing_ok=True)
            except OSError as error:
                logger.warning("edge lane: cannot remove %s (%s)", where / name, error)


def wipe() -> None:
    """Remove every file at once, for a change every page shows: the pages' folder is moved
    aside (one rename, so no reader meets a page of before), then deleted by expire."""
    folder = root()
    if folder is None:
        return
    try:
        (folder / PAGES).rename(folder / f".gone-{uuid.uuid4().hex}")
    except FileNotFoundError:
        pass
    except OSError as error:
        logger.warning("edge lane: cannot clear %s (%s)", folder / PAGES, error)


def expire(now: float | None = None) -> int:
    """Remove the files older than WARTA_EDGE_LANE_MAX_AGE, and what wipe moved aside (run by
    the worker's sweep). Returns how many files went.

    Anything else in the lane is what wipe moved aside or an earlier release's layout (one
    folder per encoding), which an edge configured for it would go on serving."""
    folder = root()
    if folder is None or not folder.is_dir():
        return 0
    oldest = (now or time.time()) - settings.WARTA_EDGE_LANE_MAX_AGE
    removed = 0
    for entry in folder.iterdir():
        if entry.name != PAGES and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name != PAGES:
            entry.unlink(missing_ok=True)
        elif entry.is_dir():
            for directory, _folders, files in os.walk(entry):
                for name in files:
                    path = Path(directory, name)
                    try:
                        if path.stat().st_mtime < oldest:
                            path.unlink()
                            removed += 1
                    except FileNotFoundError:
                        pass
    return removed


def reader_headers() -> list[tuple[str, str]]:
    """The headers Warta's answer with a reader page carries besides those nginx writes for a
    file (type, length, validators, encoding): the edge's configuration adds them to the
    lane's answers, so a page from a file reaches the reader with the same policy."""
    from warta.middleware import usual_policy
    from warta.public.cache import mark_public

    response = HttpResponse()
    mark_public(response)
    headers = [("Cache-Control", response["Cache-Control"])]
    for report_only, name in (
        (False, "Content-Security-Policy"),
        (True, "Content-Security-Policy-Report-Only"),
    ):
        policy = usual_policy(report_only)
        if policy:
            headers.append((name, policy))
    headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    headers.append(("Permissions-Policy", settings.PERMISSIONS_POLICY))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        headers.append(("Referrer-Policy", policy if isinstance(policy, str) else ",".join(policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    if settings.SITE_URL.startswith("https://") and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append(("Strict-Transport-Security", value))
    return headers
