"""Reader pages written as files for an edge on the same machine (WARTA_EDGE_PAGES).

Behind `warta edge-config nginx` with WARTA_EDGE_PAGES set, nginx sends a page Warta has written
here as it sends any static file: no upstream, no cache lookup, no stored headers to read back,
so a kept page costs readers what a static file costs (bench/edge.py measures both). Its
headers are the ones Warta's middleware put on every reader page, written into the
configuration (public.edge_headers). Whatever has no file (a feed, a search, a page not yet
written) goes on to nginx's own cache and Warta, as without this folder.

Warta writes a page's copies (plain, gzip, brotli) each time it renders it, and when a request
reaches it for a page whose file is missing; each copy replaces the last at once (a temporary
name, then a rename), so nginx never sends half a page. A change refreshes the pages it makes
stale as before (public.edge.refresh: the edge's refresh request reaches Warta, which renders
and writes them again); a site-wide change ("all") removes every file; and `warta worker`
(sweep) removes any file whose page Warta would no longer serve as it is, so a lost note or a
page that only time makes stale (the most read) is never older than Warta's own copy would be.

Only where the edge reads the app servers' disk: one machine, or one shared folder. With app
servers on other machines, leave it unset; nginx's own cache does the same work there.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from warta.public.cache import StoredPage

logger = logging.getLogger("warta.edge")

INDEX = "index.html"
# A list's further pages: page-2.html for ?page=2 (the configuration maps the query to it).
PAGE_FILE = re.compile(r"page-([0-9]{1,5})\.html")
SUFFIXES = ("", ".gz", ".br")


def enabled() -> bool:
    return bool(settings.WARTA_EDGE_PAGES)


def root() -> Path:
    return Path(settings.WARTA_EDGE_PAGES)


def file_of(request: HttpRequest) -> Path | None:
    """Where the page answering this request is written, or None when the edge sends it to
    Warta whatever it holds (a query other than ?page=N, an address that is not a page's)."""
    path = request.path
    if (
        not path.startswith("/")
        or not path.endswith("/")
        or len(path) > 1000
        or "\x00" in path
        or "//" in path
        or any(part in (".", "..") for part in path.split("/"))
    ):
        return None
    query = request.GET
    if not query:
        name = INDEX
    else:
        values = query.getlist("page")
        if len(query) != 1 or len(values) != 1 or not PAGE_FILE.fullmatch(f"page-{values[0]}.html"):
            return None
        name = f"page-{values[0]}.html"
    return root().joinpath(path.strip("/"), name)


def write(request: HttpRequest, page: StoredPage) -> None:
    """Write the page's copies where the edge looks for them (an HTML page only)."""
    target = file_of(request)
    if target is None or not page.content_type.startswith("text/html"):
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix, body in (
            (".br", page.brotli),
            (".gz", page.gzipped),
            ("", page.content),  # last: the sweep dates a page by its plain copy
        ):
            _replace(target.with_name(target.name + suffix), body)
    except OSError as error:
        # A copy the edge can no longer trust goes, so readers reach Warta instead.
        logger.warning("could not write the edge's copy of %s (%s)", request.path, error)
        remove(target)


def write_missing(request: HttpRequest, page: StoredPage) -> None:
    """After a hit that reached Warta: write the page if the edge has no file for it."""
    target = file_of(request)
    if target is not None and not target.exists():
        write(request, page)


def forget(request: HttpRequest) -> None:
    """The page at this request's address is no longer one: remove its file."""
    target = file_of(request)
    if target is not None:
        remove(target)


def _replace(path: Path, body: bytes | None) -> None:
    if body is None:  # too small to compress: the plain copy serves every reader
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(body)
    os.chmod(temporary, 0o644)  # noqa: PTH101 - public pages, read by nginx's user
    os.replace(temporary, path)


def remove(target: Path) -> None:
    """Remove a page's copies; the plain one first, which the edge looks for."""
    for suffix in SUFFIXES:
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def clear() -> None:
    """Remove every page (a site-wide change): the folder is moved aside at once and emptied
    in the background, so the change's request does not wait for it."""
    folder = root()
    if not folder.exists():
        return
    aside = folder.with_name(f".{folder.name}.cleared-{os.getpid()}-{time.time_ns()}")
    try:
        folder.rename(aside)
    except OSError as error:
        logger.warning("could not clear the edge's pages (%s)", error)
        return
    folder.mkdir(exist_ok=True)
    threading.Thread(target=shutil.rmtree, args=(aside, True), daemon=True).start()


def pages() -> Iterator[tuple[str, Path]]:
    """Each written page: its address (path and query) and its plain copy."""
    folder = root()
    for directory, _, names in os.walk(folder):
        relative = Path(directory).relative_to(folder).as_posix()
        path = "/" if relative == "." else f"/{relative}/"
        for name in names:
            if name == INDEX:
                yield path, Path(directory, name)
            elif found := PAGE_FILE.fullmatch(name):
                yield f"{path}?page={found.group(1)}", Path(directory, name)


def sweep(
    written_since: Callable[[str], int | None] | None = None, *, now: float | None = None
) -> int:
    """Remove the pages Warta would not serve as they are; returns how many. A page is looked at
    once its file is WARTA_EDGE_TTL seconds old: if Warta's stored copy is still fresh and is the
    one written (rendered before the file was), the file is dated now and stays."""
    if not enabled() or not root().exists():
        return 0
    if written_since is None:
        from warta.public.cache import rendered_at  # the page cache writes through this module

        written_since = rendered_at
    moment = time.time() if now is None else now
    removed = 0
    for address, plain in pages():
        try:
            written = plain.stat().st_mtime
        except FileNotFoundError:
            continue
        if moment - written < settings.WARTA_EDGE_TTL:
            continue
        rendered = written_since(address)
        if rendered is not None and rendered / 1e9 <= written:
            os.utime(plain)
        else:
            remove(plain)
            removed += 1
    if removed:
        logger.info("edge pages: %s no longer current, removed", removed)
    return removed
