"""One article page from an old site that has no export, as a draft credited to its source.

The page is fetched through the guard (or read from a saved HTML file); trafilatura finds the
headline, byline, summary, lead photo and the article's own text among the menus and footers.
The draft keeps the source's name and address at its foot; importing the same address again
gives back the same draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _

from warta.importers.media import MediaMissing, MediaSource
from warta.lib.fetch import FetchError, fetch
from warta.lib.html import clean_text
from warta.media.models import Image
from warta.news import actions, datelines
from warta.news.models import Article, Origin, Section

MAX_PAGE_BYTES = 5 * 1024 * 1024
_HEADING = re.compile(r"<(/?)h([1-6])\b[^>]*>", re.I)
_BODY = re.compile(r"<body>(.*)</body>", re.S | re.I)


class PageError(Exception):
    """The page cannot be imported; the message says why, in the desk's language."""


@dataclass
class Extracted:
    headline: str
    body: str
    summary: str
    author: str
    site: str
    image: str


def _read(source: str) -> tuple[str, str]:
    """The page's HTML and its address."""
    if source.startswith(("http://", "https://")):
        try:
            answer = fetch(source, max_bytes=MAX_PAGE_BYTES, headers={"Accept": "text/html"})
        except FetchError as error:
            raise PageError(str(error)) from error
        if not answer.ok:
            raise PageError(_("The server answered %(status)s.") % {"status": answer.status})
        return answer.body.decode("utf-8", errors="replace"), answer.url
    path = Path(source)
    if not path.is_file():
        raise PageError(_("%(source)s is neither a web address nor a file.") % {"source": source})
    return path.read_text(encoding="utf-8", errors="replace"), ""


def _heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{2 if int(match.group(2)) <= 2 else 3}>"


def extract(html: str, url: str = "") -> Extracted:
    found = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_images=False, include_formatting=True
    )
    text = trafilatura.extract(
        html, url=url or None, output_format="html", include_formatting=True, include_images=False
    )
    if found is None or not text:
        raise PageError(_("No article text was found on this page."))
    headline = clean_text(getattr(found, "title", "") or "")
    inner = _BODY.search(text)
    body = inner.group(1) if inner else text
    # The headline is the article's own field, not the body's first line.
    body = re.sub(rf"^\s*<h1>\s*{re.escape(headline)}\s*</h1>", "", body) if headline else body
    return Extracted(
        headline=headline,
        body=_HEADING.sub(_heading, body).strip(),
        summary=clean_text(getattr(found, "description", "") or ""),
        author=clean_text(getattr(found, "author", "") or ""),
        site=clean_text(getattr(found, "sitename", "") or "") or urlsplit(url).hostname or "",
        image=getattr(found, "image", "") or "",
    )


def import_page(source: str, *, by: Any, section: Section) -> tuple[Article, str]:
    """The draft made of the page, and what happened: "created", "unchanged" or "updated"
    (imported before), or "kept" (imported before and edited since: left as it is)."""
    html, url = _read(source)
    page = extract(html, url)
    if not page.headline:
        raise PageError(_("The page has no headline Warta could find."))
    credit = page.site or _("the source")
    foot = (
        format_html('<p>(sumber: <a href="{}">{}</a>)</p>', url, credit)
        if url
        else format_html("<p>(sumber: {})</p>", credit)
    )
    hero = _lead_photo(page, url, credit, by) if page.image else None
    city, body = datelines.split_dateline(page.body)
    data = {
        "headline": page.headline,
        "summary": page.summary[:400],
        "dateline_city": city[:60],
        "body": f"{body}{foot}",
        "section": section.pk,
        "hero_image": hero.pk if hero is not None else None,
    }
    key = url or hashlib.sha256(html.encode()).hexdigest()
    article, outcome = actions.import_article(
        source="page",
        remote_id=key[:200],
        digest=hashlib.sha256(repr(sorted(data.items())).encode()).hexdigest(),
        data=data,
        state="draft",
        at=None,
        addresses=[],
        link=url,
        by=by,
    )
    if article is None:
        raise PageError(_("This page was imported before and its draft was deleted."))
    return article, outcome


def _lead_photo(page: Extracted, url: str, credit: str, by: Any) -> Any:
    """The page's lead photo (og:image) in the library, or None when it cannot be had."""
    known = Origin.objects.filter(source="page", kind=Origin.Kind.PHOTO, url=page.image[:500])
    image = Image.objects.filter(pk__in=known.values("object_id")).first()
    if image is not None:
        return image
    try:
        data = MediaSource(fetch_remote=True).open(page.image)
        return actions.import_photo(
            data,
            source="page",
            remote_id=f"url:{page.image}"[:200],
            url=page.image,
            by=by,
            caption=page.headline[:300],
            credit=credit[:120],
            alt_text=page.headline[:250],
            usage_note=f"Impor dari {url}"[:250] if url else "",
        )
    except (MediaMissing, ValidationError):
        return None
