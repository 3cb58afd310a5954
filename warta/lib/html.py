"""The allowlist for every piece of HTML a writer can store.

nh3 (Rust's ammonia) drops any tag, attribute, class or URL scheme not listed here, so scripts,
event handlers, styles, iframes and javascript:/data: URLs never reach a reader.
"""

from html import unescape

import nh3

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


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
    )


def clean_text(text: str) -> str:
    """Plain-text fields keep no markup at all."""
    return unescape(nh3.clean(text, tags=set(), attributes={})).strip()
