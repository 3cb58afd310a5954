"""A WordPress post body into Warta's body format.

WordPress stores three dialects: classic HTML (paragraphs as blank lines, made into <p> only
when shown), Gutenberg blocks (HTML between `<!-- wp:... -->` comments) and shortcodes
(`[caption]`, `[gallery]`, `[embed]`). Warta stores paragraphs, subheadings, quotes, lists and
library photos as figures with their credit. Images become library photos when the export (or
the fetcher) has them; anything else is named in the notes, never silently lost. The result
still goes through the HTML allowlist inside the action that stores it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from warta.media.html import stored_figure_html
from warta.media.models import Image

# Finds the library photo for an image: (attachment id or None, src) -> photo or None.
PhotoFinder = Callable[[int | None, str], Image | None]


@dataclass
class Body:
    html: str
    photos: list[Image] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # What the body cannot hold as it was, kept as lines of text: "a table", ...
    reshaped: list[str] = field(default_factory=list)


_BLOCKS = (
    "p|h[1-6]|ul|ol|li|blockquote|figure|figcaption|div|table|thead|tfoot|tbody|caption|tr|td|"
    "th|pre|hr|dl|dt|dd|section|article|header|footer|nav|aside|address|form|fieldset|legend|"
    "details|summary|iframe|video|audio|picture|style|script|noscript"
)
_STARTS_BLOCK = re.compile(rf"^\s*</?({_BLOCKS})\b", re.I)
# wpautop sets block elements apart from the words around them: a blank line before each
# opening tag and after each closing one.
_BLOCK_OPEN = re.compile(rf"<(?:{_BLOCKS})\b[^>]*>", re.I)
_BLOCK_CLOSE = re.compile(rf"</(?:{_BLOCKS})\s*>", re.I)
# A table, and the figure a table block wraps it in (with its caption), taken whole or not at all.
_TABLE = re.compile(
    r"(?P<figure><figure\b[^>]*>\s*)?<table\b[^>]*>(?P<rows>.*?)</table>"
    r"(?(figure)\s*(?:<figcaption\b[^>]*>(?P<caption>.*?)</figcaption>\s*)?</figure>)",
    re.S | re.I,
)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S | re.I)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]>", re.S | re.I)
_TABLE_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_TERMS = re.compile(r"<dl\b[^>]*>(.*?)</dl>", re.S | re.I)
_TERM = re.compile(r"<d([td])\b[^>]*>(.*?)</d[td]>", re.S | re.I)
_PREFORMATTED = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.S | re.I)
# A quote with its speaker, classic or a quote or pullquote block (inside a figure).
_CITED_QUOTE = re.compile(
    r"(?P<figure><figure\b[^>]*>\s*)?<blockquote\b[^>]*>(?P<quote>(?:(?!</?blockquote).)*?)"
    r"<cite\b[^>]*>(?P<who>(?:(?!</?blockquote).)*?)</cite>\s*</blockquote>(?(figure)\s*</figure>)",
    re.S | re.I,
)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.I)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)(\s[^\]]*)?\]")
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LINKED_IMG = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.I)
_FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S | re.I)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
_HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_TAGS = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def _attributes(tag: str) -> dict[str, str]:
    return {
        match.group(1).lower(): html.unescape(
            match.group(2) or match.group(3) or match.group(4) or ""
        )
        for match in _ATTRIBUTE.finditer(tag)
    }


def autop(text: str) -> str:
    """WordPress's wpautop, in short: a block element stands apart from the words around it (a
    heading one line below a sentence is not part of its paragraph), blank lines end
    paragraphs, and single line breaks within words are <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BLOCK_OPEN.sub(lambda tag: f"\n\n{tag.group(0)}", text)
    text = _BLOCK_CLOSE.sub(lambda tag: f"{tag.group(0)}\n\n", text)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


class _Converter:
    def __init__(self, find_photo: PhotoFinder) -> None:
        self.find_photo = find_photo
        self.body = Body(html="")

    def figure(self, img_tag: str, attachment_id: int | None = None) -> str:
        attrs = _attributes(img_tag)
        src = attrs.get("src", "")
        if attachment_id is None:
            found = _WP_IMAGE_CLASS.search(attrs.get("class", ""))
            attachment_id = int(found.group(1)) if found else None
        photo = self.find_photo(attachment_id, src)
        if photo is None:
            self.body.missing.append(src or f"attachment {attachment_id}")
            return ""
        self.body.photos.append(photo)
        # A placeholder holds the photo's place, so later steps never take it for a stray image.
        return f"\n\n\x00{len(self.body.photos) - 1}\x00\n\n"

    def caption(self, match: re.Match[str]) -> str:
        attrs = _attributes(match.group(1))
        found = re.search(r"attachment_(\d+)", attrs.get("id", ""))
        img = _IMG.search(match.group(2))
        if img is None:
            return ""
        return self.figure(img.group(0), int(found.group(1)) if found else None)

    def gallery(self, match: re.Match[str]) -> str:
        ids = [int(n) for n in re.findall(r"\d+", _attributes(match.group(1)).get("ids", ""))]
        if not ids:
            self.body.dropped.append("[gallery]")
            return ""
        return "".join(self.figure("<img>", attachment_id) for attachment_id in ids)

    def shortcode(self, match: re.Match[str]) -> str:
        if not match.group(1):
            self.body.dropped.append(f"[{match.group(2)}]")
        return ""

    def figures(self, match: re.Match[str]) -> str:
        img = _IMG.search(match.group(1))
        return self.figure(img.group(0)) if img else match.group(0)

    def paragraph(self, match: re.Match[str]) -> str:
        """Photos cannot sit inside a paragraph: they follow the words they stood among."""
        inner = match.group(1)
        if not _IMG.search(inner):
            return match.group(0)
        figures = [self.figure(img.group(0)) for img in _IMG.finditer(inner)]
        words = _IMG.sub("", _LINKED_IMG.sub("", inner)).strip()
        words = re.sub(r"^(<br\s*/?>\s*)+|(<br\s*/?>\s*)+$", "", words)
        kept = f"<p>{words}</p>" if _TAGS.sub("", words).strip() else ""
        return kept + "".join(figures)

    def table(self, match: re.Match[str]) -> str:
        """One line per row, its cells apart; a row of headings in bold."""
        self.body.reshaped.append("a table")
        found = _TABLE_CAPTION.search(match.group("rows"))
        captions = [found.group(1) if found else "", match.group("caption") or ""]
        lines = [(c.strip(), True) for c in captions]
        for row in _ROW.finditer(match.group("rows")):
            cells = [(kind.lower(), inner.strip()) for kind, inner in _CELL.findall(row.group(1))]
            text = " · ".join(inner for _kind, inner in cells if _TAGS.sub("", inner).strip())
            heading = all(kind == "h" for kind, _inner in cells)
            lines.append((text, heading))
        return _paragraphs(lines)

    def terms(self, match: re.Match[str]) -> str:
        self.body.reshaped.append("a list of terms")
        return _paragraphs(
            (inner.strip(), kind.lower() == "t") for kind, inner in _TERM.findall(match.group(1))
        )

    def preformatted(self, match: re.Match[str]) -> str:
        self.body.reshaped.append("preformatted text")
        text = match.group(1).strip("\n")
        return "\n\n<p>" + "<br>".join(text.split("\n")) + "</p>\n\n" if text.strip() else ""


def _paragraphs(lines: Iterable[tuple[str, bool]]) -> str:
    """Lines of a reshaped block as paragraphs of their own, the bold ones (headings, terms) in
    bold; a line with no words is left out."""
    kept = [
        f"<p><strong>{text}</strong></p>" if bold else f"<p>{text}</p>"
        for text, bold in lines
        if _TAGS.sub("", text).strip()
    ]
    return "\n\n" + "\n\n".join(kept) + "\n\n"


def _cited_quote(match: re.Match[str]) -> str:
    """The quote the desk makes: the words in a blockquote, the speaker in its figcaption."""
    quote = match.group("quote").strip()
    if not re.match(r"<p\b", quote, re.I):
        quote = f"<p>{quote}</p>"
    who = _TAGS.sub("", match.group("who")).strip()
    return (
        f'\n<figure class="kutipan"><blockquote>{quote.strip()}</blockquote>'
        f"<figcaption>{who}</figcaption></figure>\n"
    )


def _heading(match: re.Match[str]) -> str:
    level = int(match.group(2))
    level = 2 if level <= 2 else 3
    return f"<{match.group(1)}h{level}{match.group(3) if not match.group(1) else ''}>"


def convert(content: str, find_photo: PhotoFinder) -> Body:
    """The post's content as a Warta body, with the photos it uses and what could not come."""
    work = _Converter(find_photo)
    text = content.replace("\r\n", "\n")
    text = _CAPTION.sub(work.caption, text)
    text = _GALLERY.sub(work.gallery, text)
    text = _EMBED.sub(
        lambda m: f'\n\n<p><a href="{m.group(1).strip()}">{m.group(1).strip()}</a></p>\n\n', text
    )
    text = _SHORTCODE.sub(work.shortcode, text)
    text = _TABLE.sub(work.table, text)
    text = _TERMS.sub(work.terms, text)
    text = _PREFORMATTED.sub(work.preformatted, text)
    if "<!-- wp:" in text:
        text = _BLOCK_COMMENT.sub("", text)
    else:
        text = _BARE_URL_LINE.sub(r'<p><a href="\1">\1</a></p>', text)
        text = autop(text)
    # After autop, which would set the figure's parts on lines of their own: the desk's editor
    # knows a quote by its exact shape.
    text = _CITED_QUOTE.sub(_cited_quote, text)
    text = _FIGURE.sub(work.figures, text)
    text = _LINKED_IMG.sub(lambda m: m.group(1), text)
    text = _PARAGRAPH.sub(work.paragraph, text)
    text = _IMG.sub(lambda m: work.figure(m.group(0)), text)
    text = _HEADING.sub(_heading, text)
    text = re.sub(r"<p>\s*(\x00\d+\x00)\s*</p>", r"\1", text)
    text = _PLACEHOLDER.sub(
        lambda m: str(stored_figure_html(work.body.photos[int(m.group(1))])), text
    )
    work.body.html = re.sub(r"\n{2,}", "\n", text).strip()
    return work.body
