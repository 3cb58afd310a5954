"""The allowlist for every piece of HTML a writer can store.

nh3 (Rust's ammonia) drops any tag, attribute, class or URL scheme not listed here, so scripts,
event handlers, styles, iframes and javascript:/data: URLs never reach a reader.
"""

import re
from html import unescape
from html.parser import HTMLParser

import nh3
from django.conf import settings

TAGS = frozenset(
    {
        "a",
        "aside",
        "b",
        "blockquote",
        "br",
        "cite",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "picture",
        "s",
        "source",
        "span",
        "strong",
        "sub",
        "sup",
        "u",
        "ul",
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"},
    "source": {"type", "srcset", "sizes"},
    "ol": {"start"},
}
CLASSES = {
    "figure": {"kutipan", "gambar"},
    "aside": {"baca-juga"},
    "p": {"baca-juga"},
    "span": {"credit"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _local(url: str) -> bool:
    """An address on this site: root-relative, or under WARTA_SITE_URL."""
    if url.startswith("/"):
        return not url.startswith(("//", "/\\"))
    return url.startswith(f"{settings.SITE_URL}/")


def _own_images(element: str, attribute: str, value: str) -> str | None:
    """Images come from the site's own media library only: a picture from another host would
    track readers (and the pages' CSP blocks it anyway, but feeds carry it). nh3 checks URL
    schemes in src, not inside srcset: both are checked here, entry by entry."""
    if attribute == "src" and element == "img":
        return value if _local(value.strip()) else None
    if attribute == "srcset":
        urls = [candidate.strip().split(" ")[0] for candidate in value.split(",")]
        return value if all(_local(url) for url in urls) else None
    return value


# An <img> whose address was refused shows nothing but a broken box: it goes altogether.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


# Control characters have no place in a newsroom's text; NUL cannot even be stored in PostgreSQL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(html: str) -> str:
    cleaned = nh3.clean(
        _CONTROLS.sub("", html),
        tags=set(TAGS),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
        attribute_filter=_own_images,
    )
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def clean_text(text: str) -> str:
    """Plain-text fields keep no markup at all, however it is written: markup hidden behind
    entities (&lt;script&gt;) is decoded and stripped in turn, until nothing changes."""
    text = _CONTROLS.sub("", text)
    for _round in range(8):
        cleaned = _CONTROLS.sub("", unescape(nh3.clean(text, tags=set(), attributes={})))
        if cleaned == text:
            return cleaned.strip()
        text = cleaned
    return text.replace("<", "").replace(">", "").strip()


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)


def lead_text(html: str) -> str:
    """The first paragraph with words in it, as plain text: an article's lead."""
    for paragraph in _PARAGRAPH.findall(html):
        text = " ".join(clean_text(paragraph).split())
        if text:
            return text
    return ""


class _Inventory(HTMLParser):
    """Collects the tags, attributes and URL schemes a piece of HTML uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(f"<{tag}>")
        for name, value in attrs:
            self.found.add(f"{tag}[{name}]")
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                self.found.add(f"{value.split(':')[0].strip().lower()}:")

    def handle_comment(self, data: str) -> None:
        self.found.add("<!-- -->")


def inventory(html: str) -> set[str]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.found


def removed_parts(original: str, cleaned: str) -> list[str]:
    """What sanitizing took out, in words an editor can act on: tags, attributes, URL schemes."""
    lost = inventory(original) - inventory(cleaned)
    return sorted(part for part in lost if not _cosmetic(part))


def _cosmetic(part: str) -> bool:
    """Editor bookkeeping (classes, data attributes, link targets) is not the writer's text."""
    name = part.rpartition("[")[2].rstrip("]")
    return part.endswith("]") and (name in _COSMETIC or name.startswith("data-"))


_COSMETIC = frozenset(
    {"class", "rel", "target", "contenteditable", "draggable", "spellcheck", "translate"}
)
