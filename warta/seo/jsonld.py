"""Structured data: the schema.org objects that search engines and news aggregators read.

Each builder returns a plain dict for one page type; templates print it as JSON-LD through
the `seo` template tags. Every URL is absolute and every date carries the site's offset.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags

from warta.lib import dates
from warta.lib.text import truncate_words
from warta.media.models import Image
from warta.news.models import Article, Correction, LiveUpdate, Person, Tag
from warta.news.site import site_settings

JsonLd = dict[str, Any]

CONTEXT = "https://schema.org"
# Google News shows at most 110 characters of a NewsArticle headline.
HEADLINE_LIMIT = 110
# Google asks for article images at least 1200 px wide, in 16:9, 4:3 and 1:1.
IMAGE_CROPS = ("16x9", "4x3", "1x1")
IMAGE_MIN_WIDTH = 1200
# The Pedoman Pemberitaan Media Siber page every Indonesian news site publishes (Dewan Pers).
PRINCIPLES_SLUG = "pedoman-media-siber"
CORRECTIONS_PATH = "/koreksi/"
LANGUAGE = "id"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def _drop_empty(data: JsonLd) -> JsonLd:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def organization() -> JsonLd:
    return _drop_empty(
        {
            "@type": "NewsMediaOrganization",
            "@id": absolute("/#organization"),
            "name": settings.SITE_NAME,
            "url": absolute("/"),
            "logo": {"@type": "ImageObject", "url": absolute(static("public/logo.svg"))},
            "publishingPrinciples": absolute(reverse("public:page", args=[PRINCIPLES_SLUG])),
            "correctionsPolicy": absolute(CORRECTIONS_PATH),
            "sameAs": [url for _platform, url in site_settings().profiles()],
        }
    )


def person(who: Person) -> JsonLd:
    return {"@type": "Person", "name": who.name, "url": absolute(who.get_absolute_url())}


def image_objects(image: Image | None) -> list[JsonLd]:
    """The article's photo in each crop Google asks for, where a wide enough rendition exists."""
    found = []
    for crop in IMAGE_CROPS:
        renditions = image.rendition_set(crop) if image else None
        if renditions is None:
            continue
        chosen = renditions.at_least(IMAGE_MIN_WIDTH)
        if chosen.width >= IMAGE_MIN_WIDTH:
            found.append(
                {
                    "@type": "ImageObject",
                    "url": absolute(chosen.url),
                    "width": chosen.width,
                    "height": chosen.height,
                }
            )
    return found


def correction_comment(correction: Correction) -> JsonLd:
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.get_kind_display()}: {correction.text}",
        "datePublished": dates.iso(correction.created_at),
    }


def news_article(
    article: Article,
    *,
    writers: Iterable[Person],
    tags: Iterable[Tag],
    corrections: Iterable[Correction] = (),
    live_updates: Iterable[LiveUpdate] = (),
) -> JsonLd:
    url = absolute(article.get_absolute_url())
    published = article.published_at
    modified = max([when for when in (published, article.updated_at) if when], default=None)
    data = {
        "@context": CONTEXT,
        # Paid content is marked as what it is, never as news (the guideline, point 6).
        "@type": "AdvertiserContentArticle" if article.is_sponsored else "NewsArticle",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": truncate_words(article.labelled_headline, HEADLINE_LIMIT),
        "description": article.description,
        "image": image_objects(article.hero_image),
        "datePublished": dates.iso(published) if published else None,
        "dateModified": dates.iso(modified) if modified else None,
        "author": [person(writer) for writer in writers],
        "editor": person(article.editor) if article.editor else None,
        "publisher": organization(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "inLanguage": LANGUAGE,
        "isAccessibleForFree": True,
        "correction": [correction_comment(item) for item in corrections],
    }
    if article.live_started_at and not article.is_sponsored:
        data["@type"] = "LiveBlogPosting"
        data["coverageStartTime"] = dates.iso(article.live_started_at)
        data["coverageEndTime"] = (
            dates.iso(article.live_ended_at) if article.live_ended_at else None
        )
        data["liveBlogUpdate"] = [live_posting(update, url) for update in live_updates]
    return _drop_empty(data)


def live_posting(update: LiveUpdate, url: str) -> JsonLd:
    text = strip_tags(update.text).strip()
    return _drop_empty(
        {
            "@type": "BlogPosting",
            "@id": f"{url}#pembaruan-{update.pk}",
            "url": f"{url}#pembaruan-{update.pk}",
            "headline": truncate_words(text, HEADLINE_LIMIT),
            "articleBody": text,
            "datePublished": dates.iso(update.created_at),
            "dateModified": dates.iso(update.edited_at) if update.edited_at else None,
            "image": image_objects(update.image) if update.image_id else None,
        }
    )


def website() -> JsonLd:
    search = absolute(reverse("public:search"))
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": absolute("/#website"),
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": LANGUAGE,
        "publisher": organization(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def collection_page(
    *, name: str, path: str, description: str, articles: Iterable[Article] = ()
) -> JsonLd:
    """A list of articles: section, tag, topic, date index."""
    items = [
        {"@type": "ListItem", "position": position, "url": absolute(item.get_absolute_url())}
        for position, item in enumerate(articles, start=1)
    ]
    data = {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "url": absolute(path),
        "description": description,
        "inLanguage": LANGUAGE,
        "isPartOf": {"@type": "WebSite", "@id": absolute("/#website"), "url": absolute("/")},
        "mainEntity": {"@type": "ItemList", "itemListElement": items} if items else None,
    }
    return _drop_empty(data)


def profile_page(who: Person) -> JsonLd:
    photo = who.photo.rendition_set("1x1") if who.photo else None
    entity = {
        **person(who),
        "description": who.bio,
        "jobTitle": ", ".join(who.role_labels),
        "image": absolute(photo.largest().url) if photo else None,
        "worksFor": {"@id": absolute("/#organization"), "name": settings.SITE_NAME},
        "sameAs": list(who.links) or None,
    }
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": absolute(who.get_absolute_url()),
        "inLanguage": LANGUAGE,
        "mainEntity": _drop_empty(entity),
    }
