"""Reading a WordPress export (WXR 1.1 and 1.2), one record at a time.

The file is parsed as a stream through defusedxml (no entity expansion, no DTD, no external
references), and each record is dropped from the tree once read, so memory stays flat however
large the export. Namespaces are matched by meaning rather than by exact URI: exports disagree
on http and https, and on the WXR version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException


class ExportError(Exception):
    """The file is not a WordPress export Warta can read; the message says where and why."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""

    @property
    def key(self) -> str:
        """What identifies the site across runs: its address, without the scheme."""
        address = self.base_blog_url or self.link
        return re.sub(r"^https?://", "", address).rstrip("/") or self.title


@dataclass
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name.strip() or full or self.login


@dataclass
class Category:
    nicename: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: int = 0


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    name: str = ""
    parent: int = 0
    attachment_url: str = ""
    # WordPress showed the post only to readers who typed this.
    password: str = ""
    # Readers' comments on it: Warta has none, so they are counted for the report.
    comments: int = 0
    # (domain, nicename, name): domain is "category" or "post_tag" (others are ignored).
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def published(self, zone: Any) -> datetime | None:
        """The post's time: GMT when the export has it, else its local time in `zone`."""
        for text, tz in ((self.date_gmt, "UTC"), (self.date, zone)):
            if text and not text.startswith("0000"):
                try:
                    moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
                except ValueError:
                    continue
                from zoneinfo import ZoneInfo

                return moment.replace(tzinfo=ZoneInfo("UTC") if tz == "UTC" else zone)
        return None

    @property
    def key(self) -> str:
        """The record's identity at its source: its id, or (exports made by hand or by old
        plugins carry none) its GUID or address."""
        if self.post_id:
            return str(self.post_id)
        return f"guid:{self.guid or self.link or self.title + self.date}"[:200]

    def categories(self) -> list[tuple[str, str]]:
        # A plain RSS <category> (no domain) is a category too.
        return [
            (nicename or name, name)
            for domain, nicename, name in self.terms
            if domain in ("category", "")
        ]

    def tags(self) -> list[str]:
        return [name for domain, _nicename, name in self.terms if domain == "post_tag"]


Record = Author | Category | Item


def _local(tag: str) -> str:
    """`{https://wordpress.org/export/1.2/}post_id` → `wp:post_id`, whatever the URI's form."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    if "wordpress.org/export/" in uri:
        return f"excerpt:{name}" if uri.rstrip("/").endswith("excerpt") else f"wp:{name}"
    if "purl.org/rss/1.0/modules/content" in uri:
        return f"content:{name}"
    if "purl.org/dc/elements" in uri:
        return f"dc:{name}"
    return name


def _text(element: Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() if name != "content:encoded" else child.text or ""
    return ""


def _author(element: Element) -> Author:
    return Author(
        login=_text(element, "wp:author_login"),
        display_name=_text(element, "wp:author_display_name"),
        first_name=_text(element, "wp:author_first_name"),
        last_name=_text(element, "wp:author_last_name"),
        email=_text(element, "wp:author_email"),
    )


def _category(element: Element) -> Category:
    return Category(
        nicename=_text(element, "wp:category_nicename"),
        name=_text(element, "wp:cat_name"),
        parent=_text(element, "wp:category_parent"),
        description=_text(element, "wp:category_description"),
        term_id=_number(_text(element, "wp:term_id")),
    )


def _number(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def _item(element: Element) -> Item:
    item = Item(
        post_id=_number(_text(element, "wp:post_id")),
        post_type=_text(element, "wp:post_type") or "post",
        status=_text(element, "wp:status"),
        title=_text(element, "title"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "dc:creator"),
        content=_text(element, "content:encoded"),
        excerpt=_text(element, "excerpt:encoded"),
        date=_text(element, "wp:post_date"),
        date_gmt=_text(element, "wp:post_date_gmt"),
        name=_text(element, "wp:post_name"),
        parent=_number(_text(element, "wp:post_parent")),
        attachment_url=_text(element, "wp:attachment_url"),
        password=_text(element, "wp:post_password"),
    )
    for child in element:
        tag = _local(child.tag)
        if tag == "category":
            item.terms.append(
                (child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
            )
        elif tag == "wp:postmeta":
            key = _text(child, "wp:meta_key")
            if key:
                item.meta[key] = _text(child, "wp:meta_value")
        elif tag == "wp:comment":
            item.comments += 1
    return item


_READERS: dict[str, Callable[[Element], Record]] = {
    "wp:author": _author,
    "wp:category": _category,
    "item": _item,
}


class _Counting:
    """The file, counting what has been read, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.position += len(data)
        return data


class Export:
    """A WordPress export, read as a stream: iterate for its authors, categories and items in
    file order; `site` fills in from the channel's header as the stream passes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.site = Site()
        self._file: _Counting | None = None

    @property
    def position(self) -> int:
        return self._file.position if self._file else 0

    def __iter__(self) -> Iterator[Record]:
        self.site = Site()
        with self.path.open("rb") as raw:
            self._file = _Counting(raw)
            yield from self._records(self._file)

    def _records(self, source: _Counting) -> Iterator[Record]:
        depth = 0
        channel: Element | None = None
        root_seen = False
        events = safe_xml.iterparse(source, events=("start", "end"), forbid_dtd=True)
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        root_seen = True
                        if _local(element.tag) != "rss":
                            raise ExportError("This is not a WordPress export (no <rss>).")
                    if depth == 2 and _local(element.tag) == "channel":
                        channel = element
                    continue
                depth -= 1
                if depth != 2 or channel is None:
                    continue
                tag = _local(element.tag)
                reader = _READERS.get(tag)
                if reader is not None:
                    yield reader(element)
                else:
                    self._header(tag, element)
                channel.remove(element)
        except (ParseError, SyntaxError) as error:
            raise ExportError(f"The file cannot be read as XML: {error}.") from error
        except DefusedXmlException as error:
            raise ExportError(
                "The file declares entities or a DTD, which a WordPress export never does; "
                f"it was refused as unsafe ({type(error).__name__})."
            ) from error
        if not root_seen or channel is None:
            raise ExportError("This is not a WordPress export (no <channel>).")
        if not self.site.wxr_version:
            raise ExportError(
                "This RSS file has no <wp:wxr_version>: it is not a WordPress export."
            )

    def _header(self, tag: str, element: Element) -> None:
        text = (element.text or "").strip()
        if tag == "title" and not self.site.title:
            self.site.title = text
        elif tag == "link" and not self.site.link:
            self.site.link = text
        elif tag == "wp:base_blog_url":
            self.site.base_blog_url = text
        elif tag == "wp:wxr_version":
            if not re.fullmatch(r"1\.[0-2]", text):
                raise ExportError(f"WXR version {text} is not one Warta reads (1.0 to 1.2).")
            self.site.wxr_version = text
