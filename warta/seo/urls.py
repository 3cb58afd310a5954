"""Feeds, sitemaps and robots.txt. Mounted before the reader site, whose `<section>/` would
otherwise take /feed/ and /<section>/feed/ for a section and an article."""

from django.urls import path
from django.views.decorators.http import require_safe

from warta.public.cache import reader_page
from warta.seo import feeds, views


def cached(feed: feeds.LatestFeed):
    """A feed answered from the page cache, so publishing anything refreshes it at once."""
    return require_safe(reader_page(feed))


app_name = "seo"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("feed/", cached(feeds.LatestFeed()), name="feed"),
    path("feed/atom/", cached(feeds.LatestAtomFeed()), name="feed_atom"),
    path("feed.json", views.json_feed, name="json_feed"),
    path("tag/<slug:slug>/feed/", cached(feeds.TagFeed()), name="tag_feed"),
    path("topik/<slug:slug>/feed/", cached(feeds.TopicFeed()), name="topic_feed"),
    path("penulis/<slug:slug>/feed/", cached(feeds.PersonFeed()), name="person_feed"),
    path("<slug:section_slug>/feed/", cached(feeds.SectionFeed()), name="section_feed"),
]
