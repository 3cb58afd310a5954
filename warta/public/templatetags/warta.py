"""Template helpers for reader pages: Indonesian dates, responsive pictures, datelines."""

import json
import re
from datetime import date, datetime

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from warta.lib import dates
from warta.lib.memo import BoundedMemo
from warta.lib.text import join_names, truncate_words
from warta.media.html import picture_html
from warta.media.models import Image
from warta.news.models import Article
from warta.public import shell
from warta.public.cards import card_html

register = template.Library()


@register.filter
def wib(value: datetime | None) -> str:
    return dates.format_datetime(value) if value else ""


@register.filter
def tanggal(value: date | datetime | None) -> str:
    return dates.format_date(value) if value else ""


@register.filter
def short_time(value: datetime | None) -> str:
    return dates.format_short(value) if value else ""


@register.filter
def iso(value: datetime | None) -> str:
    return dates.iso(value) if value else ""


@register.filter
def names(people: list) -> str:
    return join_names([person.name for person in people])


@register.filter
def clip(text: str, limit: int) -> str:
    return truncate_words(text or "", int(limit))


@register.simple_tag
def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# The share buttons depend only on the article's address and headline and the language.
_shares: BoundedMemo[tuple[str, str, str], SafeString] = BoundedMemo(2000)


@register.simple_tag
def share_links(article: Article) -> SafeString:
    """The article's share buttons (public/includes/share.html), drawn once per process for
    its address, headline and language: through the template, a tenth of the article page's."""
    url, headline = absolute(article.get_absolute_url()), article.labelled_headline
    key = (url, headline, get_language())
    found = _shares.get(key)
    if found is None:
        context = {"share_url": url, "headline": headline}
        html = mark_safe(render_to_string("public/includes/share.html", context))  # noqa: S308 - rendered by the template
        found = _shares.remember(key, html)
    return found


@register.simple_tag
def card(item: Article, show_section: bool = False, with_summary: bool = False) -> SafeString:
    """An article as a list shows it (public.cards)."""
    return card_html(item, show_section=show_section, with_summary=with_summary)


@register.simple_tag
def picture(
    image: Image | None, crop: str = "16x9", sizes: str = "100vw", eager: bool = False
) -> SafeString:
    """<picture> with WebP and JPEG srcsets, intrinsic size, and lazy loading below the fold."""
    return picture_html(image, crop, sizes, eager)


# A paragraph, and the elements whose paragraphs are not the story's own text.
_PARAGRAPH_OR_BOX = re.compile(r"<p>|<(/?)(?:blockquote|figure|aside|ul|ol|li)\b[^>]*>", re.I)


def _lead(body: str) -> int | None:
    """Where the first paragraph of the story's own text begins: not one inside a quote, a
    "Baca Juga" box, a list or a figure."""
    depth = 0
    for found in _PARAGRAPH_OR_BOX.finditer(body):
        if found.group(0).lower() == "<p>":
            if depth == 0:
                return found.start()
        else:
            depth = max(0, depth + (-1 if found.group(1) else 1))
    return None


@register.simple_tag
def body_with_dateline(body: str, city: str) -> SafeString:
    """The stored, sanitized body with "JAKARTA, Warta - " opening its first paragraph."""
    label = f"{city.upper()}, {settings.SITE_NAME}" if city else settings.SITE_NAME
    dateline = f'<p><strong class="dateline">{escape(label)}</strong> - '
    at = _lead(body)
    if at is not None:
        body = body[:at] + dateline + body[at + len("<p>") :]
    return mark_safe(body)  # noqa: S308 - body was sanitized on save


def json_ld(data: dict) -> SafeString:
    """A JSON-LD block; '<' is escaped so the text can never close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


@register.simple_tag
def breadcrumb_jsonld(crumbs: list[tuple[str, str]]) -> SafeString:
    trail = [(str(_("Home")), "/"), *crumbs]
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": str(name),
                    "item": f"{settings.SITE_URL}{url}",
                }
                for position, (name, url) in enumerate(trail, start=1)
            ],
        }
    )


@register.simple_tag(takes_context=True)
def masthead(context: template.Context) -> SafeString:
    """The page's masthead and section menu (public.shell), the page's section marked."""
    return shell.masthead(context.get("active_section") or "", context.get("query") or "")


@register.simple_tag
def site_footer() -> SafeString:
    return shell.footer()
