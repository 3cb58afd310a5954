"""Which release renders the pages: a digest of Warta's own files.

Stored pages are kept under it (public.cache), so after an upgrade (new templates, styles,
translations, code) no reader gets a page the earlier release rendered, and app servers of two
releases side by side during a rolling upgrade never serve each other's pages. The digest is of
the files' contents, not their times, so every machine running one release agrees on it and
they share their stored pages.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import warta

# What a page is made from: code, templates, styles and scripts, translations, drawings.
MADE_FROM = frozenset({".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".mo", ".json"})


def digest(root: Path) -> str:
    """Twelve hex digits over the names and contents of the files under `root` a page is made
    from (about 280 files, 14 ms, once per process)."""
    found = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in MADE_FROM and path.is_file() and "__pycache__" not in path.parts:
            found.update(path.relative_to(root).as_posix().encode() + b"\0")
            found.update(path.read_bytes())
    return found.hexdigest()[:12]


@cache
def current() -> str:
    return digest(Path(warta.__file__).parent)
