"""What the home page lists, in three queries whatever the size of the archive.

The breaking story, the editors' headlines, the latest news and each section's newest are
small "newest N" lookups, each served by an index: they go to the database as one UNION of
article ids, and the articles they name (with the most read of the last 24 hours) are read
in one more query. Seven queries before, each with its own compilation of the listing's
joins, which cost more than the database's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connections, router
from django.db.models import IntegerField, QuerySet, Sum, Value
from django.utils import timezone

from warta.lib.memo import BoundedMemo
from warta.news.models import Article, ArticleQuerySet, ArticleView
from warta.news.queries import Statement, run, union_statement
from warta.public.navigation import NavSection

HEADLINES = 7
LATEST = 10
PER_SECTION = 4
MOST_READ = 5
# Which list a row of the UNION belongs to; a section's block is its section's pk (> 0).
_BREAKING, _HEADLINES, _LATEST = -1, -2, -3
# Stands for "now" in the compiled statement; no list's SQL holds this moment otherwise.
_SOMEDAY = datetime(2000, 1, 1, tzinfo=UTC)
_statements: BoundedMemo[tuple[object, ...], Statement] = BoundedMemo(50)


@dataclass(frozen=True)
class FrontPage:
    breaking: Article | None
    headlines: list[Article]
    latest: list[Article]
    most_read: list[Article]
    blocks: dict[int, list[Article]]


def front_page(sections: list[NavSection]) -> FrontPage:
    now = timezone.now()
    rows = _newest(sections, now)
    reads = _reads_since(now - timedelta(hours=24), MOST_READ * 4)
    found = Article.objects.for_listing().in_bulk({pk for pk, _part, _at in rows} | set(reads))

    def listed(part: int) -> list[Article]:
        # A UNION keeps no order: each list is put back in its own.
        chosen = [found[pk] for pk, of, _at in rows if of == part and pk in found]
        return sorted(chosen, key=lambda article: (article.published_at, article.pk), reverse=True)

    positions = {pk: at for pk, of, at in rows if of == _HEADLINES}
    headlines = sorted(
        (found[pk] for pk in positions if pk in found), key=lambda article: positions[article.pk]
    )
    latest = listed(_LATEST)
    breaking = listed(_BREAKING)
    # Paid content never counts as the newsroom's most read (the guideline, point 6).
    readable = [
        found[pk]
        for pk in reads
        if pk in found and found[pk].kind == Article.Kind.NEWS and found[pk].is_published
    ]
    return FrontPage(
        breaking=breaking[0] if breaking else None,
        headlines=headlines or latest[:HEADLINES],
        latest=latest,
        most_read=sorted(
            readable, key=lambda article: (reads[article.pk], article.published_at), reverse=True
        )[:MOST_READ],
        blocks={section.pk: listed(section.pk) for section in sections},
    )


def _newest(sections: list[NavSection], now: datetime) -> list[tuple[int, int, int]]:
    """(pk, list, headline position) of every article the lists show.

    The statement is compiled once per menu with a stand-in for "now", and run with the real
    moment: compiling its dozen lookups cost more than the database's work (a third of the
    home page's render).
    """
    connection = connections[router.db_for_read(Article)]
    shape = (connection.vendor, tuple((s.pk, tuple(c.pk for c in s.children)) for s in sections))
    statement = _statements.get(shape)
    if statement is None:
        statement = _statements.remember(shape, union_statement(_lookups(sections, _SOMEDAY)))
    sql, params = statement
    someday = connection.ops.adapt_datetimefield_value(_SOMEDAY)
    moment = connection.ops.adapt_datetimefield_value(now)
    return run((sql, [moment if param == someday else param for param in params]), Article)


def _lookups(sections: list[NavSection], now: datetime) -> list[QuerySet[Any, Any]]:
    published = Article.objects.published(now)
    lookups = [
        _part(published.filter(breaking_until__gt=now).newest(), _BREAKING, 1),
        _part(
            published.filter(is_headline=True).order_by("headline_position"),
            _HEADLINES,
            HEADLINES,
        ),
        _part(published.newest(), _LATEST, LATEST),
    ]
    for section in sections:
        members = [section.pk, *[child.pk for child in section.children]]
        lookups.append(
            _part(published.filter(section_id__in=members).newest(), section.pk, PER_SECTION)
        )
    return lookups


def _part(articles: ArticleQuerySet, part: int, limit: int) -> QuerySet[Any, Any]:
    labelled = articles.annotate(part=Value(part, output_field=IntegerField()))
    return labelled.values_list("pk", "part", "headline_position")[:limit]


def _reads_since(since: datetime, limit: int) -> dict[int, int]:
    """The most read articles' reads since `since`, from the hourly counters."""
    hour = since.replace(minute=0, second=0, microsecond=0)
    return dict(
        ArticleView.objects.filter(hour__gte=hour)
        .values("article_id")
        .annotate(reads=Sum("count"))
        .order_by("-reads")
        .values_list("article_id", "reads")[:limit]
    )
