"""Feeds, sitemaps and robots.txt, mounted by the reader site inside its page cache.

seo is a service: it knows how to write feeds and sitemaps, not how pages are cached. Mounted
before the reader site, whose `<section>/` would otherwise take /feed/ and /<section>/feed/.
"""

from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from warta.public.cache import reader_page
from warta.seo import feeds, views


def cached(view: Callable[..., HttpResponse], params: Iterable[str] = ()) -> Callable:
    """Answered from the page cache, so publishing anything refreshes it at once."""
    return require_safe(reader_page(view, params=params))


app_name = "seo"
urlpatterns = [
    path("robots.txt", cached(views.robots_txt), name="robots"),
    path("sitemap.xml", cached(views.sitemap_index), name="sitemap"),
    path("sitemap-news.xml", cached(views.news_sitemap), name="news_sitemap"),
    # Django's sitemap pages are numbered with ?p=.
    path(
        "sitemap-<slug:section>.xml",
        cached(views.sitemap_section, params=("p",)),
        name="sitemap_section",
    ),
    path("feed/", cached(feeds.LatestFeed()), name="feed"),
    path("feed/atom/", cached(feeds.LatestAtomFeed()), name="feed_atom"),
    path("feed.json", cached(views.json_feed), name="json_feed"),
    path("tag/<slug:slug>/feed/", cached(feeds.TagFeed()), name="tag_feed"),
    path("topik/<slug:slug>/feed/", cached(feeds.TopicFeed()), name="topic_feed"),
    path("penulis/<slug:slug>/feed/", cached(feeds.PersonFeed()), name="person_feed"),
    path("<slug:section_slug>/feed/", cached(feeds.SectionFeed()), name="section_feed"),
]
