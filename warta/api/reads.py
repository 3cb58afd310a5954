"""The public API: exactly what readers see (published articles and what they list), no
account needed, cached whole like reader pages and refreshed on every publish.

Every article read goes through news.access (published_q, get_published_article).
"""

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Literal, TypeVar

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponseBase
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from warta.api import schemas
from warta.api.errors import invalid, unknown
from warta.lib.dates import day_bounds
from warta.news import access
from warta.news.models import (
    Article,
    ArticleQuerySet,
    ArticleWriter,
    Correction,
    Person,
    Section,
    Tag,
    Topic,
)
from warta.public.cache import View, reader_page
from warta.search.query import search as search_articles

router = Router(tags=["Publik"])
M = TypeVar("M", Section, Tag, Topic, Person)

# Every query parameter a public operation reads: the cache key holds these and nothing else.
PARAMS = (
    "section",
    "tag",
    "topic",
    "person",
    "since",
    "until",
    "updated_since",
    "cursor",
    "limit",
    "q",
    "order",
    "page",
)


def cached(view: View) -> View:
    """Cached like a reader page, readable from any web page (CORS for GET)."""
    page = reader_page(view, params=PARAMS)

    def with_cors(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        response = page(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return with_cors


public = decorate_view(cached)


def listing() -> ArticleQuerySet:
    """What a list item carries, in three queries whatever the page size."""
    writers = ArticleWriter.objects.select_related("person").order_by("position")
    return (
        Article.objects.filter(access.published_q())
        .select_related("section", "hero_image", "hero_image__photographer")
        .prefetch_related(Prefetch("article_writers", queryset=writers))
    )


def _encode_cursor(article: Article) -> str:
    assert article.published_at is not None
    raw = f"{article.published_at.isoformat()}|{article.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> Q:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.rsplit("|", 1)
        when, last = datetime.fromisoformat(moment), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid("cursor", "Kursor tidak dikenal; mulai lagi dari halaman pertama.") from None
    return Q(published_at__lt=when) | Q(published_at=when, pk__lt=last)


def _by_slug(model: type[M], field: str, slug: str) -> M:
    found = model._default_manager.filter(slug=slug).first()
    if found is None:
        raise unknown(field, slug)
    return found


# Days a newsroom's archive can hold; outside them a day's bounds in WIB leave the calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _written_out(kind: str) -> BeforeValidator:
    """Dates and moments as the reference writes them (2026-12-05, 2026-12-05T10:00+07:00):
    pydantic would read a bare number as seconds since 1970, and answer as if it meant that."""

    def check(value: object) -> object:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            try:
                float(value)
            except ValueError:
                return value
            raise PydanticCustomError(kind, "not a date")
        return value

    return BeforeValidator(check)


Day = Annotated[date, _written_out("date_parsing")]
Moment = Annotated[datetime, _written_out("datetime_parsing")]


class ArticleFilters(Schema):
    section: str | None = Field(None, description="A section's slug; its sub-sections count too.")
    tag: str | None = Field(None, description="A tag's slug.")
    topic: str | None = Field(None, description="A topic's slug.")
    person: str | None = Field(None, description="A writer's slug.")
    since: Day | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Published on or after this day (WIB)."
    )
    until: Day | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Published on or before this day (WIB)."
    )
    updated_since: Moment | None = Field(
        None, description="Published or updated at or after this moment (for synchronising)."
    )
    cursor: str | None = Field(
        None,
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="From next_cursor of the previous page.",
    )
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/articles",
    response=schemas.answers(200, schemas.ArticlePage, schemas.PUBLIC_ERRORS),
    summary="Published articles, newest first",
)
@public
def articles(request: HttpRequest, filters: Query[ArticleFilters]) -> schemas.ArticlePage:
    found = listing()
    if filters.section:
        section = _by_slug(Section, "section", filters.section)
        found = found.filter(Q(section=section) | Q(section__parent=section))
    if filters.tag:
        found = found.filter(tags=_by_slug(Tag, "tag", filters.tag))
    if filters.topic:
        found = found.filter(topic=_by_slug(Topic, "topic", filters.topic))
    if filters.person:
        person = _by_slug(Person, "person", filters.person)
        found = found.filter(article_writers__person=person)
    if filters.since:
        found = found.filter(published_at__gte=day_bounds(filters.since)[0])
    if filters.until:
        found = found.filter(published_at__lt=day_bounds(filters.until)[1])
    if filters.updated_since:
        found = found.filter(updated_at__gte=filters.updated_since)
    if filters.cursor:
        found = found.filter(_decode_cursor(filters.cursor))
    page = list(found.order_by("-published_at", "-pk")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    return schemas.ArticlePage(
        items=[schemas.article_summary(article) for article in page],
        next_cursor=_encode_cursor(page[-1]) if more else None,
    )


@router.get(
    "/articles/{article_id}",
    response=schemas.answers(200, schemas.ArticleDetail, schemas.PUBLIC_ERRORS),
    summary="One article",
)
@public
def article(request: HttpRequest, article_id: int) -> schemas.ArticleDetail:
    return schemas.article_detail(access.get_published_article(article_id))


@router.get(
    "/sections",
    response=schemas.answers(200, list[schemas.SectionOut], schemas.PUBLIC_ERRORS),
    summary="Sections, in menu order",
)
@public
def sections(request: HttpRequest) -> list[schemas.SectionOut]:
    every = list(Section.objects.order_by("order", "name"))
    slugs = {section.pk: section.slug for section in every}
    return [schemas.section_out(section, slugs) for section in every]


@router.get(
    "/tags",
    response=schemas.answers(200, list[schemas.TagOut], schemas.PUBLIC_ERRORS),
    summary="Tags with published articles",
)
@public
def tags(request: HttpRequest) -> list[schemas.TagOut]:
    used = Tag.objects.filter(access.published_q("articles__")).distinct().order_by("name")
    return [schemas.tag_out(tag) for tag in used]


@router.get(
    "/topics",
    response=schemas.answers(200, list[schemas.TopicOut], schemas.PUBLIC_ERRORS),
    summary="Topics with published articles",
)
@public
def topics(request: HttpRequest) -> list[schemas.TopicOut]:
    used = Topic.objects.filter(access.published_q("articles__")).distinct().order_by("name")
    return [schemas.topic_out(topic) for topic in used]


@router.get(
    "/people",
    response=schemas.answers(200, list[schemas.PersonOut], schemas.PUBLIC_ERRORS),
    summary="People in published bylines",
)
@public
def people(request: HttpRequest) -> list[schemas.PersonOut]:
    credited = ArticleWriter.objects.filter(access.published_q("article__")).values("person")
    return [schemas.person_out(p) for p in Person.objects.filter(pk__in=credited).order_by("name")]


@router.get(
    "/corrections",
    response=schemas.answers(200, list[schemas.CorrectionOut], schemas.PUBLIC_ERRORS),
    summary="Public corrections, newest first",
)
@public
def corrections(
    request: HttpRequest, limit: int = Query(50, ge=1, le=200)
) -> list[schemas.CorrectionOut]:
    shown = (
        Correction.objects.filter(access.published_q("article__"))
        .select_related("article", "article__section")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [schemas.correction_out(c, c.article) for c in shown]


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="As on /cari/: phrases, -words.")
    section: str | None = None
    tag: str | None = None
    person: str | None = None
    since: Day | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    until: Day | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    order: Literal["relevance", "newest"] = "relevance"
    page: int = Field(1, ge=1, le=1000)


@router.get(
    "/search",
    response=schemas.answers(200, schemas.SearchPage, schemas.PUBLIC_ERRORS),
    summary="Search, as /cari/ does",
)
@public
def search(request: HttpRequest, params: Query[SearchParams]) -> schemas.SearchPage:
    results = search_articles(
        " ".join(params.q.split()),
        section=_by_slug(Section, "section", params.section) if params.section else None,
        tag=_by_slug(Tag, "tag", params.tag) if params.tag else None,
        writer=_by_slug(Person, "person", params.person) if params.person else None,
        since=params.since,
        until=params.until,
        order=params.order,
    )
    per_page = settings.WARTA_PAGE_SIZE
    try:
        page = results.page(params.page, per_page)
        hits = list(page.object_list)
    except EmptyPage:
        hits = []
    full = listing().in_bulk([hit.article.pk for hit in hits])
    return schemas.SearchPage(
        query=results.text,
        total=results.total,
        page=params.page,
        pages=max(1, -(-results.total // per_page)),
        suggestion=results.suggestion,
        items=[
            schemas.search_hit(full[hit.article.pk], str(hit.snippet))
            for hit in hits
            if hit.article.pk in full
        ],
    )
