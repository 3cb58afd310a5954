"""Reading a wire or partner feed: RSS 2.0, RSS 1.0, Atom or JSON Feed, whatever its encoding.

feedparser is the reference reader for the XML kinds, ill-formed ones included; JSON Feed it
does not read, so that is read here. Before feedparser sees a byte, a document that declares
entities is refused (no feed needs them, and they are how XML bombs and file reads are made),
and one that does not say its encoding and is not UTF-8 is decoded by detection, as a
newsroom's older partners still send KOI8-R or Windows code pages unannounced.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from warta.lib.html import clean_text


class FeedError(Exception):
    """Not a feed Warta can read; the message says why."""


@dataclass
class Entry:
    guid: str
    title: str
    link: str = ""
    summary: str = ""
    body: str = ""
    author: str = ""
    published_at: datetime | None = None


@dataclass
class Feed:
    title: str
    entries: list[Entry] = field(default_factory=list)


_ENTITY = re.compile(rb"<!ENTITY", re.I)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding=", re.I)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>", re.I)


def _utf8(data: bytes) -> bytes:
    """The document in UTF-8, saying so; left alone when it declares its encoding or has a BOM."""
    if _DECLARED.match(data) or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise FeedError(_("The feed's text encoding cannot be recognised."))
    text = _DECLARATION.sub(b"", data).decode(best.encoding, errors="replace")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text.encode("utf-8")


def _moment(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _guid(*parts: str) -> str:
    return "sha256:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _xml(data: bytes) -> Feed:
    if _ENTITY.search(data[:65536]):
        raise FeedError(_("The feed declares XML entities, which no feed needs; it was refused."))
    parsed = feedparser.parse(_utf8(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.version and not parsed.entries:
        head = data[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            raise FeedError(_("This address gives a web page, not a feed."))
        reason = parsed.get("bozo_exception") or "no feed elements"
        raise FeedError(_("The feed cannot be read: %(reason)s.") % {"reason": reason})
    entries = []
    for item in parsed.entries:
        content = item.get("content") or []
        body = content[0].get("value", "") if content else ""
        summary = item.get("summary", "")
        title = clean_text(item.get("title", ""))
        link = item.get("link", "")
        published = _moment(item.get("published_parsed") or item.get("updated_parsed"))
        entries.append(
            Entry(
                guid=item.get("id") or link or _guid(title, summary, str(published)),
                title=title,
                link=link,
                summary=summary,
                body=body or summary,
                author=clean_text(item.get("author", "")),
                published_at=published,
            )
        )
    return Feed(title=clean_text(parsed.feed.get("title", "")), entries=entries)


def _json_feed(data: bytes) -> Feed:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(
            _("The JSON feed cannot be read: %(reason)s.") % {"reason": error}
        ) from error
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise FeedError(_("This JSON is not a JSON Feed (no jsonfeed.org version)."))
    entries = []
    for item in document.get("items") or []:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [a.get("name", "") for a in authors if isinstance(a, dict)]
        text = str(item.get("content_text") or "")
        body = str(item.get("content_html") or "") or "".join(
            f"<p>{paragraph}</p>" for paragraph in text.split("\n\n") if paragraph.strip()
        )
        published = None
        stamp = str(item.get("date_published") or item.get("date_modified") or "")
        if stamp:
            try:
                published = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            except ValueError:
                published = None
        link = str(item.get("url") or "")
        title = clean_text(str(item.get("title") or ""))
        entries.append(
            Entry(
                guid=str(item.get("id") or link or _guid(title, text)),
                title=title,
                link=link,
                summary=str(item.get("summary") or ""),
                body=body,
                author=clean_text(", ".join(names)),
                published_at=published,
            )
        )
    return Feed(title=clean_text(str(document.get("title") or "")), entries=entries)


def parse(data: bytes) -> Feed:
    """The feed's entries, newest as the feed orders them; FeedError when it is not a feed."""
    if not data.strip():
        raise FeedError(_("The feed is empty."))
    if data.lstrip()[:1] in (b"{", b"["):
        return _json_feed(data)
    return _xml(data)
