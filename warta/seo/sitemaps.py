"""Sitemaps: articles by month, sections, tags, topics, people and static pages; Google News.

Every sitemap pages through a bounded query (LIMIT/OFFSET over an indexed ordering), so a
response holds one page of rows whatever the size of the archive.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Model, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from warta.lib import dates
from warta.news.access import published_q
from warta.news.models import (
    Article,
    ArticleWriter,
    Correction,
    Page,
    Person,
    Section,
    Tag,
    Topic,
)
from warta.seo.feeds import hero_rendition
from warta.seo.jsonld import absolute

# The protocol allows 50,000 URLs a file (sitemaps.org); 10,000 keeps each response quick to
# build and small to hold in memory.
PAGE_SIZE = 10_000
# Google News reads articles published in the last two days, at most 1,000 a sitemap.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
NEWS_LANGUAGE = "id"


class SiteSitemap(Sitemap):
    """Addresses on settings.SITE_URL, whatever host the request came to; W3C dates with +07:00."""

    limit = PAGE_SIZE

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["w3c_lastmod"] = dates.iso(url["lastmod"]) if url["lastmod"] else ""
        return urls

    def get_latest_lastmod(self) -> datetime | None:
        """The newest publication: lists change when something is published. One index seek."""
        return Article.objects.published().aggregate(last=Max("published_at"))["last"]


class ArticleMonthSitemap(SiteSitemap):
    """The articles published in one calendar month (in the site's time zone)."""

    def __init__(self, month: date, count: int | None = None, lastmod: datetime | None = None):
        self.month = month
        self._count = count
        self._lastmod = lastmod

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        start = datetime(self.month.year, self.month.month, 1, tzinfo=zone)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following

    def items(self) -> QuerySet[Article]:
        start, end = self.bounds
        return (
            Article.objects.published()
            .filter(published_at__gte=start, published_at__lt=end)
            .select_related("section", "hero_image")
            .only(
                "pk",
                "slug",
                "published_at",
                "updated_at",
                "section__slug",
                "hero_image__id",
                "hero_image__rendition_version",
                "hero_image__renditions",
                "hero_image__alt_text",
            )
            .order_by("published_at", "pk")
        )

    @property
    def paginator(self) -> Paginator:
        pages = Paginator(self.items(), self.limit)
        if self._count is not None:
            pages.count = self._count  # counted with every other month in one query
        return pages

    def lastmod(self, item: Article) -> datetime:
        return max(item.published_at, item.updated_at or item.published_at)

    def get_latest_lastmod(self) -> datetime | None:
        if self._lastmod is None:
            self._lastmod = self.items().aggregate(last=Max("updated_at"))["last"]
        return self._lastmod

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            rendition = hero_rendition(url["item"].hero_image)
            url["image"] = absolute(rendition.url) if rendition else ""
        return urls


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self) -> QuerySet[Section]:
        # Each section's newest publication: one seek on its (section, status, published_at)
        # index, where a MAX over a join would read every article it has.
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return Section.objects.annotate(last=Subquery(newest)).order_by("pk")

    @property
    def paginator(self) -> Paginator:
        pages = Paginator(self.items(), self.limit)
        pages.count = Section.objects.count()  # every section is listed
        return pages

    def lastmod(self, item: Section) -> datetime | None:
        return item.last


class _ListedSitemap(SiteSitemap):
    """Tags, topics and people: only those with at least one published article.

    Which are listed is asked of each tag (or topic, or person) by a lookup on its own index
    that stops at its newest published article, so the sitemap index, rebuilt after every
    publication, counts them without reading every tagging and byline of the archive (3.4 s
    for tags at 1,000,000 articles, 1.8 s for people). A subquery with LIMIT 1, where EXISTS
    would let PostgreSQL turn it into a join over all of them. Their lastmod, on the
    sitemap's own pages, is their newest publication, which tags and people keep on their
    rows (news.listing_dates): finding it among their articles took 3.2 s a page of tags.
    """

    model: type[Tag] | type[Topic] | type[Person]
    # The table linking the model to its articles, and the link's field naming the model:
    # its (owner, article) index serves the lookup, newest article first.
    links: type[Model]
    owner: str

    def newest_published(self) -> QuerySet[Any]:
        """The model's published articles (or links to them), newest first, for OuterRef("pk")."""
        links = self.links.objects.filter(published_q("article__"))
        return links.filter(**{self.owner: OuterRef("pk")}).order_by("-article_id")

    def _listed(self) -> QuerySet[Any]:
        first = Subquery(self.newest_published().values("pk")[:1])
        return self.model.objects.alias(first=first).filter(first__isnull=False)

    def items(self) -> QuerySet[Any]:
        return self._listed().annotate(last=F("last_published_at")).order_by("pk")

    @property
    def paginator(self) -> Paginator:
        pages = Paginator(self.items(), self.limit)
        pages.count = self._listed().count()
        return pages

    def lastmod(self, item: Any) -> datetime | None:
        # A story dated ahead counts from its time on (news.listing_dates).
        return min(item.last, timezone.now()) if item.last else None


class TagSitemap(_ListedSitemap):
    model = Tag
    links = Article.tags.through
    owner = "tag"


class TopicSitemap(_ListedSitemap):
    model = Topic

    def newest_published(self) -> QuerySet[Any]:
        # An article has one topic: the (topic, status, published_at) index serves it.
        published = Article.objects.published().filter(topic=OuterRef("pk"))
        return published.order_by("-published_at")

    def items(self) -> QuerySet[Any]:
        newest = Subquery(self.newest_published().values("published_at")[:1])
        return self._listed().annotate(last=newest).order_by("pk")


class PersonSitemap(_ListedSitemap):
    model = Person
    links = ArticleWriter
    owner = "person"


class PageSitemap(SiteSitemap):
    """Home, the news index and the newsroom's static pages."""

    def items(self) -> list[Any]:
        return ["public:home", "public:index", *Page.objects.order_by("pk")]

    def location(self, item: Any) -> str:
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item: Any) -> datetime | None:
        if isinstance(item, Page):
            return item.updated_at
        return self.get_latest_lastmod()

    def get_latest_lastmod(self) -> datetime | None:
        if not hasattr(self, "_latest"):
            self._latest = super().get_latest_lastmod()
        return self._latest


class NewsSitemap(SiteSitemap):
    """Google News: what was published in the last 48 hours, newest first."""

    limit = NEWS_LIMIT

    def items(self) -> list[Article]:
        since = timezone.now() - NEWS_WINDOW
        return list(
            Article.objects.published()
            .filter(published_at__gte=since, kind=Article.Kind.NEWS)  # paid content is not news
            .select_related("section")
            .only("pk", "slug", "headline", "published_at", "updated_at", "section__slug")
            .newest()[:NEWS_LIMIT]
        )

    def lastmod(self, item: Article) -> datetime:
        return max(item.published_at, item.updated_at or item.published_at)

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication"] = settings.SITE_NAME
            url["language"] = NEWS_LANGUAGE
            url["publication_date"] = dates.iso(url["item"].published_at)
        return urls


FIXED = {
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
}


def month_section(month: date) -> str:
    return f"articles-{month:%Y-%m}"


def sitemap_for(section: str) -> SiteSitemap | None:
    """The sitemap behind /sitemap-<section>.xml, or None."""
    if section in FIXED:
        return FIXED[section]()
    prefix, _, month = section.partition("-")
    if prefix != "articles":
        return None
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    return ArticleMonthSitemap(first)


def _months(first: datetime, last: datetime) -> list[date]:
    month = timezone.localtime(first).date().replace(day=1)
    end = timezone.localtime(last).date().replace(day=1)
    found = []
    while month <= end:
        found.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return found


def all_sitemaps() -> dict[str, SiteSitemap]:
    """Every sitemap the index lists.

    Each month is counted on the (status, published_at) index alone, so building the index
    never reads the articles themselves; its lastmod is the month's newest publication or
    correction, whichever is later.
    """
    published = Article.objects.published()
    found: dict[str, SiteSitemap] = {name: sitemap() for name, sitemap in FIXED.items()}
    span = published.aggregate(first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return found
    corrected: dict[date, datetime] = {}
    for when, at in Correction.objects.filter(article__in=published).values_list(
        "article__published_at", "created_at"
    ):
        month = timezone.localtime(when).date().replace(day=1)
        corrected[month] = max(at, corrected.get(month, at))
    for month in reversed(_months(span["first"], span["last"])):
        sitemap = ArticleMonthSitemap(month)
        start, end = sitemap.bounds
        row = published.filter(published_at__gte=start, published_at__lt=end).aggregate(
            count=Count("*"), last=Max("published_at")
        )
        if row["count"]:
            lastmod = max(filter(None, [row["last"], corrected.get(month)]))
            found[month_section(month)] = ArticleMonthSitemap(month, row["count"], lastmod)
    return found
