"""Social cards and JSON-LD for reader pages: `{% load seo %}` in a template's head block."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe

from warta.lib import dates
from warta.lib.memo import BoundedMemo
from warta.lib.text import truncate_words
from warta.media.models import Image
from warta.news.models import Article, Person
from warta.news.site import site_settings
from warta.seo import jsonld
from warta.seo.jsonld import absolute

register = template.Library()

# Open Graph's locale for Indonesian, as Facebook lists it.
OG_LOCALE = "id_ID"
DESCRIPTION_LIMIT = 160


def as_script(data: dict[str, Any]) -> SafeString:
    """A JSON-LD block; '<' is escaped so the text can never close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def og_image(image: Image | None) -> dict[str, Any] | None:
    """The 1200x630 card crop, cut around the photo's focal point."""
    renditions = image.rendition_set("og") if image else None
    if image is None or renditions is None:
        return None
    card = renditions.largest("jpg")
    return {
        "url": absolute(card.url),
        "width": card.width,
        "height": card.height,
        "alt": image.alt_text,
    }


# The card shows nothing but its values: drawn once per process for each set of them.
_cards: BoundedMemo[tuple[object, ...], SafeString] = BoundedMemo(2000)


def card_html(values: dict[str, Any]) -> SafeString:
    """seo/card.html with these values: through the template, half of an article's head."""
    key = tuple((name, _frozen(value)) for name, value in values.items())
    found = _cards.get(key)
    if found is None:
        html = mark_safe(render_to_string("seo/card.html", values))  # noqa: S308 - rendered by the template
        found = _cards.remember(key, html)
    return found


def _frozen(value: Any) -> object:
    if isinstance(value, dict):
        return tuple((name, _frozen(item)) for name, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Promise):
        value = str(value)
    # Text marked safe is shown as it is, other text escaped: the same words, two cards.
    return (value, True) if isinstance(value, SafeData) else value


@register.simple_tag(takes_context=True)
def social_card(
    context: template.Context, title: str, description: str, image: Image | None = None
) -> SafeString:
    """Open Graph and Twitter tags for any page that is not an article."""
    return card_html(
        {
            "og_type": "website",
            "title": title,
            "description": truncate_words(str(description), DESCRIPTION_LIMIT),
            "url": absolute(context["request"].path),
            "image": og_image(image),
            "site_name": settings.SITE_NAME,
            "x_handle": site_settings().x_handle,
            "locale": OG_LOCALE,
        }
    )


def labelled(article: Article, title: str) -> str:
    return f"{article.label}: {title}" if article.is_sponsored else title


@register.simple_tag
def article_card(article: Article, writers: list[Person], tags: list) -> SafeString:
    modified = max([when for when in (article.published_at, article.updated_at) if when])
    return card_html(
        {
            "og_type": "article",
            "title": labelled(article, article.seo_title or article.headline),
            "description": truncate_words(article.description, DESCRIPTION_LIMIT),
            "url": absolute(article.get_absolute_url()),
            "image": og_image(article.hero_image),
            "site_name": settings.SITE_NAME,
            "x_handle": site_settings().x_handle,
            "locale": OG_LOCALE,
            "published": dates.iso(article.published_at),
            "modified": dates.iso(modified),
            "section": article.section.name,
            "tags": [tag.name for tag in tags],
            "authors": [absolute(writer.get_absolute_url()) for writer in writers],
        }
    )


@register.simple_tag
def news_article_jsonld(
    article: Article, writers: list[Person], tags: list, corrections: list, live: list = ()
) -> SafeString:
    return as_script(
        jsonld.news_article(
            article, writers=writers, tags=tags, corrections=corrections, live_updates=live
        )
    )


@register.simple_tag
def website_jsonld() -> SafeString:
    return as_script(jsonld.website())


@register.simple_tag(takes_context=True)
def collection_jsonld(
    context: template.Context, name: str, description: str, articles: list | None = None
) -> SafeString:
    return as_script(
        jsonld.collection_page(
            name=str(name),
            path=context["request"].get_full_path(),
            description=str(description),
            articles=articles or [],
        )
    )


@register.simple_tag
def profile_jsonld(person: Person) -> SafeString:
    return as_script(jsonld.profile_page(person))
