"""robots.txt, the JSON Feed, and the sitemap index and pages. The reader site mounts them
inside its page cache (public/seo_urls.py); nothing here knows about it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from warta.lib import dates
from warta.news.models import Article
from warta.seo.feeds import absolute_html, feed_articles, hero_rendition, verification_html
from warta.seo.jsonld import absolute
from warta.seo.sitemaps import NewsSitemap, all_sitemaps, sitemap_for

# Kept out of search engines: staff pages, the API, search results (endless and thin),
# preview links, and the read-count beacon.
DISALLOWED = ["/admin/", "/desk/", "/api/", "/cari/", "/pratinjau/", "/hit/"]
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines += [
        f"Sitemap: {absolute(reverse('seo:sitemap'))}",
        f"Sitemap: {absolute(reverse('seo:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _json_item(article: Article) -> dict[str, Any]:
    url = absolute(article.get_absolute_url())
    hero = hero_rendition(article.hero_image)
    modified = max(article.published_at, article.updated_at or article.published_at)
    item = {
        "id": url,
        "url": url,
        "title": article.labelled_headline,
        "summary": article.summary,
        "content_html": absolute_html(article.body) + verification_html(article),
        "image": absolute(hero.url) if hero else None,
        "date_published": dates.iso(article.published_at),
        "date_modified": dates.iso(modified),
        "authors": [
            {"name": writer.name, "url": absolute(writer.get_absolute_url())}
            for writer in article.ordered_writers()
        ],
        "tags": [article.section.name, *(tag.name for tag in article.tags.all())],
        "language": "id",
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def json_feed(request: HttpRequest) -> HttpResponse:
    """The site feed as JSON Feed 1.1 (jsonfeed.org/version/1.1)."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": settings.SITE_NAME,
        "home_page_url": absolute("/"),
        "feed_url": absolute(reverse("seo:json_feed")),
        "description": _("The newest news from %(site)s.") % {"site": settings.SITE_NAME},
        "language": "id",
        "items": [_json_item(article) for article in feed_articles(Article.objects.all())],
    }
    return JsonResponse(
        feed,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of every sitemap page, each with its lastmod."""
    entries = []
    for section, sitemap in all_sitemaps().items():
        paginator = sitemap.paginator
        pages = paginator.num_pages if paginator.count else 0
        if not pages:
            continue  # an empty urlset is not valid; /sitemap-<section>.xml answers 404
        location = absolute(reverse("seo:sitemap_section", args=[section]))
        lastmod = sitemap.get_latest_lastmod()
        stamp = dates.iso(lastmod) if lastmod else ""
        entries.append(SitemapIndexItem(location, stamp))
        for page in range(2, pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", stamp))
    return TemplateResponse(
        request, "seo/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    sitemap = sitemap_for(section)
    if sitemap is None or not sitemap.paginator.count:
        raise Http404("No such sitemap")
    return sitemap_views.sitemap(
        request, {section: sitemap}, section=section, template_name="seo/sitemap.xml"
    )


def news_sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap()}, section="news", template_name="seo/sitemap_news.xml"
    )
