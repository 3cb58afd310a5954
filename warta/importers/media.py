"""Where an imported photo's file comes from: a local copy of the old site's uploads folder, or
its URL (through the fetch guard). Either way the bytes are untrusted and go through the same
validation as a desk upload."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

from warta.lib.fetch import FetchError, fetch


class MediaMissing(Exception):
    """The file cannot be had; the message says why."""


def _candidates(url: str, relative: str) -> list[str]:
    """Paths under the uploads folder the file may have: WordPress's own record of it, the part
    of its URL after /uploads/, and the whole URL path (wordpress.com's file hosts)."""
    path = unquote(urlsplit(url).path)
    found = [relative] if relative else []
    if "/uploads/" in path:
        found.append(path.split("/uploads/", 1)[1])
    found.append(path.lstrip("/"))
    return [candidate for candidate in dict.fromkeys(found) if candidate]


# A fetched photo whose address has no extension is named after the type the server declared;
# the validation still checks the bytes against it.
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/avif": ".avif",
}


def _named(data: bytes, name: str) -> io.BytesIO:
    """The bytes as an upload: the desk's validation reads the name's extension too."""
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@dataclass
class MediaSource:
    folder: Path | None = None
    fetch_remote: bool = False

    @property
    def max_bytes(self) -> int:
        return int(settings.WARTA_MEDIA_MAX_UPLOAD_MB) * 1024 * 1024

    def open(self, url: str, relative: str = "") -> io.BytesIO:
        """The file's bytes, or MediaMissing with the reason."""
        if self.folder is not None:
            root = self.folder.resolve()
            for candidate in _candidates(url, relative):
                path = (root / candidate).resolve()
                if path.is_relative_to(root) and path.is_file():
                    if path.stat().st_size > self.max_bytes:
                        raise MediaMissing(f"{candidate}: larger than the upload limit")
                    return _named(path.read_bytes(), path.name)
        if self.fetch_remote and url:
            try:
                answer = fetch(url, max_bytes=self.max_bytes, timeout=30)
            except FetchError as error:
                raise MediaMissing(f"{url}: {error}") from error
            if not answer.ok:
                raise MediaMissing(f"{url}: the server answered {answer.status}")
            name = unquote(urlsplit(answer.url).path.rsplit("/", 1)[-1])
            if "." not in name:
                name = f"{name or 'foto'}{_EXTENSIONS.get(answer.content_type, '')}"
            return _named(answer.body, name)
        where = f"not in {self.folder}" if self.folder else "no --media-dir or --fetch-media"
        raise MediaMissing(f"{url or relative}: {where}")
