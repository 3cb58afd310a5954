"""The body as stored for readers, and as the rich-text editor edits it.

Stored bodies use newsroom markup (quote figures with attribution, "Baca Juga" boxes, responsive
photo figures). The editor (ProseMirror) knows plainer shapes, so bodies are translated on the
way in and back on the way out; the translation is lossless for everything the desk produces.
"""

import re

from django.utils.html import escape

from warta.media.html import INLINE_FIGURE, inline_figure_html, inline_image_id
from warta.media.models import Image

QUOTE = re.compile(
    r'<figure class="kutipan"><blockquote>(?P<quote>.*?)</blockquote>'
    r"<figcaption>(?P<who>.*?)</figcaption></figure>",
    re.S,
)
# A quote's last paragraph is its attribution when it starts with a dash, typed any way a
# writer types one: an em or en dash, a horizontal bar, one or two hyphens.
EDITOR_QUOTE = re.compile(
    r"<blockquote>(?P<quote>(?:(?!</blockquote>).)*?)"
    r"<p>(?:—|–|―|--?)(?:\s|&nbsp;|\u00a0)*(?P<who>(?:(?!</p>).)+)</p></blockquote>",
    re.S,
)
# Typing "- " at the start of a line makes the editor start a bullet list: a quote that ends
# in a list of one item ends in its attribution.
EDITOR_QUOTE_BULLET = re.compile(
    r"<blockquote>(?P<quote>(?:(?!</blockquote>).)*?)"
    r"<ul><li><p>(?P<who>(?:(?!</p>).)+)</p></li></ul></blockquote>",
    re.S,
)
BACA_JUGA = re.compile(r'<aside class="baca-juga">(?P<inner>.*?)</aside>', re.S)
EDITOR_BACA_JUGA = re.compile(
    r"<p>(?P<inner><strong>Baca Juga:</strong>\s*<a [^>]*>.*?</a>)</p>", re.S
)
EDITOR_PHOTO = re.compile(r"<figure>(?P<inner>.*?)</figure>", re.S)
SRC = re.compile(r'<img src="(?P<src>[^"]+)"[^>]*alt="(?P<alt>[^"]*)"')
CAPTION = re.compile(r"<figcaption>Foto: (?P<caption>.*?) <span", re.S)


def _editor_photo(match: re.Match[str]) -> str:
    figure = match.group(0)
    img = SRC.search(figure)
    caption = CAPTION.search(figure)
    if not img:
        return ""
    text = caption.group("caption") if caption else ""
    return (
        f'<figure><img src="{img.group("src")}" alt="{img.group("alt")}">'
        f"<figcaption>{text}</figcaption></figure>"
    )


def to_editor(body: str) -> str:
    body = QUOTE.sub(
        lambda m: f"<blockquote>{m.group('quote')}<p>— {m.group('who')}</p></blockquote>", body
    )
    body = BACA_JUGA.sub(lambda m: f"<p>{m.group('inner')}</p>", body)
    return INLINE_FIGURE.sub(_editor_photo, body)


def _stored_photo(match: re.Match[str]) -> str:
    pk = inline_image_id(match.group("inner"))
    image = Image.objects.filter(pk=pk).first() if pk else None
    if image is None:
        # Only photos from the media library may appear in a body.
        return ""
    return str(inline_figure_html(image))


def _attributed(match: re.Match[str]) -> str:
    return (
        f'<figure class="kutipan"><blockquote>{match.group("quote")}</blockquote>'
        f"<figcaption>{match.group('who')}</figcaption></figure>"
    )


def from_editor(html: str) -> str:
    html = EDITOR_QUOTE.sub(_attributed, html)
    html = EDITOR_QUOTE_BULLET.sub(_attributed, html)
    html = EDITOR_BACA_JUGA.sub(
        lambda m: f'<aside class="baca-juga">{m.group("inner")}</aside>', html
    )
    return EDITOR_PHOTO.sub(_stored_photo, html)


def baca_juga_html(url: str, headline: str) -> str:
    return f'<p><strong>Baca Juga:</strong> <a href="{escape(url)}">{escape(headline)}</a></p>'
