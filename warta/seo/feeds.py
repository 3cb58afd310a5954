"""RSS 2.0 and Atom feeds of published articles, through Django's syndication framework.

One RSS feed for the site and one for each section, tag, topic and person; Atom for the site.
Items carry what feed readers and aggregators look for: every writer (dc:creator), the full
body with absolute links (content:encoded) and the hero photo (media:content).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from warta.lib.html import lead_text
from warta.media.html import current_figures
from warta.media.models import Image
from warta.media.renditions import Rendition
from warta.news.models import (
    Article,
    ArticleQuerySet,
    ArticleWriter,
    Person,
    Section,
    Tag,
    Topic,
)
from warta.news.site import site_settings
from warta.seo.jsonld import absolute

# Enough for a reader who checks twice a day on a busy newsroom; what most news sites serve.
FEED_SIZE = 50
# The hero photo as feed readers show it: 16:9, 1200 px wide.
HERO_CROP, HERO_WIDTH = "16x9", 1200
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
LANGUAGE = "id"

_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolute_html(html: str) -> str:
    """The body with every root-relative link and image address made absolute."""

    def srcset(match: re.Match[str]) -> str:
        candidates = [
            absolute(part.strip()) if part.strip().startswith("/") else part.strip()
            for part in match.group(2).split(",")
        ]
        return f'{match.group(1)}{", ".join(candidates)}"'

    html = _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', html)
    return _SRCSET.sub(srcset, html)


def hero_rendition(image: Image | None) -> Rendition | None:
    renditions = image.rendition_set(HERO_CROP) if image else None
    return renditions.at_least(HERO_WIDTH) if renditions else None


def verification_html(item: Article) -> str:
    """The guideline's notice closes the item as it closes the page: in brackets, in italics."""
    if not item.verification_notice:
        return ""
    return format_html("<p><em>({})</em></p>", item.verification_notice)


def feed_articles(articles: ArticleQuerySet) -> list[Article]:
    """The newest published articles with all a feed item shows, in five queries."""
    items = list(
        articles.published()
        .select_related("section", "hero_image")
        .prefetch_related(
            Prefetch(
                "article_writers",
                queryset=ArticleWriter.objects.select_related("person").order_by("position"),
            ),
            "tags",
        )
        .newest()[:FEED_SIZE]
    )
    # Read only, never saved: each body with its inline photos as the library has them now.
    for item, body in zip(items, current_figures([item.body for item in items]), strict=True):
        item.body = body
    return items


class WartaRssFeed(Rss201rev2Feed):
    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        if settings.WARTA_WEBSUB_HUB:
            handler.addQuickElement(
                "atom:link", None, {"rel": "hub", "href": settings.WARTA_WEBSUB_HUB}
            )

    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for writer in item["writers"]:
            handler.addQuickElement("dc:creator", writer.name)
        handler.addQuickElement("content:encoded", item["content_html"])
        hero = item["hero"]
        if hero is not None:
            rendition, image = hero
            handler.startElement(
                "media:content",
                {
                    "url": rendition.url,
                    "medium": "image",
                    "type": "image/jpeg",
                    "width": str(rendition.width),
                    "height": str(rendition.height),
                },
            )
            handler.addQuickElement("media:description", image.caption, {"type": "plain"})
            handler.addQuickElement("media:credit", image.credit)
            handler.endElement("media:content")


class WartaAtomFeed(Atom1Feed):
    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        if settings.WARTA_WEBSUB_HUB:
            handler.addQuickElement("link", "", {"rel": "hub", "href": settings.WARTA_WEBSUB_HUB})

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for writer in item["writers"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", writer.name)
            handler.addQuickElement("uri", absolute(writer.get_absolute_url()))
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestFeed(Feed):
    """The site's newest articles; subclasses narrow them to one section, tag, topic or person."""

    feed_type = WartaRssFeed
    language = LANGUAGE
    item_guid_is_permalink = True

    def title(self, obj: Any = None) -> str:
        return settings.SITE_NAME

    def link(self, obj: Any = None) -> str:
        return absolute("/")

    def plain_description(self, obj: Any = None) -> str:
        return site_settings().description or _("The newest news from %(site)s.") % {
            "site": settings.SITE_NAME
        }

    def get_feed(self, obj: Any, request: Any) -> Any:
        feed = super().get_feed(obj, request)
        # atom:link rel=self names the site's own address, not the host the request came to.
        feed.feed["feed_url"] = absolute(request.path)
        return feed

    def articles(self, obj: Any) -> ArticleQuerySet:
        return Article.objects.all()

    def items(self, obj: Any = None) -> list[Article]:
        return feed_articles(self.articles(obj))

    def item_title(self, item: Article) -> str:
        return item.labelled_headline

    def description(self, obj: Any = None) -> str:
        """RSS readers take a description as HTML: the plain text is escaped to stay text."""
        return escape(self.plain_description(obj))

    def item_description(self, item: Article) -> str:
        """The summary is plain text; RSS <description> and Atom <summary type="html"> are
        read as HTML, so it is escaped: markup a writer typed shows as characters."""
        notice = f" ({item.verification_notice})" if item.verification_notice else ""
        return escape((item.summary or lead_text(item.body)) + notice)

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Article) -> datetime:
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item: Article) -> datetime:
        return timezone.localtime(max(item.published_at, item.updated_at or item.published_at))

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        image = item.hero_image
        rendition = hero_rendition(image)
        if rendition is not None:
            rendition = Rendition(absolute(rendition.url), rendition.width, rendition.height)
        return {
            "writers": item.ordered_writers(),
            "content_html": absolute_html(item.body) + verification_html(item),
            "hero": (rendition, image) if rendition is not None else None,
        }


class LatestAtomFeed(LatestFeed):
    feed_type = WartaAtomFeed

    def subtitle(self, obj: Any = None) -> str:
        # Atom's <subtitle> is text (no type="html"): the plain description as it is.
        return self.plain_description(obj)


class SectionFeed(LatestFeed):
    def get_object(self, request: Any, section_slug: str) -> Section:
        return get_object_or_404(Section, slug=section_slug)

    def title(self, obj: Section) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Section) -> str:
        return absolute(obj.get_absolute_url())

    def plain_description(self, obj: Section) -> str:
        return obj.description or _("The newest %(name)s news from %(site)s.") % {
            "name": obj.name,
            "site": settings.SITE_NAME,
        }

    def articles(self, obj: Section) -> ArticleQuerySet:
        return Article.objects.in_section(obj)


class TagFeed(LatestFeed):
    def get_object(self, request: Any, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Tag) -> str:
        return absolute(obj.get_absolute_url())

    def plain_description(self, obj: Tag) -> str:
        return _("The newest news tagged %(name)s from %(site)s.") % {
            "name": obj.name,
            "site": settings.SITE_NAME,
        }

    def articles(self, obj: Tag) -> ArticleQuerySet:
        return Article.objects.filter(tags=obj)


class TopicFeed(LatestFeed):
    def get_object(self, request: Any, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Topic) -> str:
        return absolute(obj.get_absolute_url())

    def plain_description(self, obj: Topic) -> str:
        return obj.description or obj.name

    def articles(self, obj: Topic) -> ArticleQuerySet:
        return Article.objects.filter(topic=obj)


class PersonFeed(LatestFeed):
    def get_object(self, request: Any, slug: str) -> Person:
        return get_object_or_404(Person, slug=slug)

    def title(self, obj: Person) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Person) -> str:
        return absolute(obj.get_absolute_url())

    def plain_description(self, obj: Person) -> str:
        return _("News by %(name)s from %(site)s.") % {"name": obj.name, "site": settings.SITE_NAME}

    def articles(self, obj: Person) -> ArticleQuerySet:
        return Article.objects.filter(article_writers__person=obj)
