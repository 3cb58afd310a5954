"""Searching: one function for the reader site and the desk, the same answers on both backends.

    results = search("banjir jakarta", section=nasional, order="relevance")
    page = results.page(2, per_page=20)   # a Django Page of Hit
    results.suggestion                    # "Mungkin maksud Anda": a better query, or ""

Readers get published articles only (published_only=True, the default): the condition is
ArticleQuerySet.published()'s, applied to the article's own row. The desk passes
published_only=False and may filter on statuses and writer.

Ranking. Each required clause weighs its rarity (idf, from the published articles' counts in
Term) times where it matches: the headline counts most, then the summary (with kicker and tags),
then the body's keywords; anywhere else in the body it only qualifies the article. The clause
scores add up to at most 1, and a mild recency bonus (at most RECENCY, halved at RECENCY_DAYS)
breaks ties and nudges close calls towards fresh news. The formula is plain arithmetic over
0/1 signals both backends compute the same way, so both rank alike.

Which articles match: all the clauses of a query of one or two, all but one of a longer one
(a long question rarely has every word in the answer; "museum malam hari" should find the
museum's night programme, which says "setiap Sabtu"). When no article has that many, those
with any one are shown instead (the fallback, which the page says). Whenever an article may
miss a clause, matching one at all counts too (ANYWHERE), so the more words, the higher.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from warta.news import freshness
from warta.news.models import Article, Person, Section, Tag
from warta.search import snippets, suggest
from warta.search.backends import Backend, get_backend
from warta.search.models import Synonym, Term
from warta.search.parser import ParsedQuery, parse, synonym_table

HEADLINE = 3.0
SUMMARY = 1.5
KEYWORDS = 1.0
# When an article may miss a clause: how much matching it at all counts.
ANYWHERE = 4.0
RECENCY = 0.1
RECENCY_DAYS = 30.0
ORDERS = ("relevance", "newest")


@dataclass
class Hit:
    article: Article
    score: float
    headline: SafeString = SafeString("")
    snippet: SafeString = SafeString("")


@dataclass
class Filters:
    published_only: bool = True
    statuses: Sequence[str] = ()
    section: Section | None = None
    tag: Tag | None = None
    writer: Person | None = None
    since: date | None = None
    until: date | None = None


_synonyms: dict[str, dict] = {}


def synonyms() -> dict:
    """The synonym table, read again whenever the content generation moves (the admin's
    synonym changes bump it, as publishing does)."""
    generation = freshness.current()
    if generation not in _synonyms:
        _synonyms.clear()
        _synonyms[generation] = synonym_table(
            (row.term, row.equivalents, row.both_ways) for row in Synonym.objects.all()
        )
    return _synonyms[generation]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _idf(documents: int, total: int) -> float:
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


@dataclass
class Search:
    """A query and its filters; runs lazily, one page at a time."""

    text: str
    filters: Filters
    order: str = "relevance"
    now: datetime = field(default_factory=timezone.now)

    @cached_property
    def parsed(self) -> ParsedQuery:
        return parse(self.text, synonyms())

    @cached_property
    def backend(self) -> Backend:
        return get_backend()

    @cached_property
    def frequencies(self) -> dict[str, int]:
        stems = {term for clause in self.parsed.required for term in clause.stems}
        return dict(Term.objects.filter(text__in=stems).values_list("text", "documents"))

    def _filters(self) -> tuple[list[str], list]:
        adapt = connection.ops.adapt_datetimefield_value
        where: list[str] = []
        params: list = []
        f = self.filters
        if f.published_only:
            # ArticleQuerySet.published(): published, and not dated in the future.
            where.append("a.status = %s AND a.published_at <= %s")
            params += [Article.Status.PUBLISHED, adapt(self.now)]
        if f.statuses:
            where.append("a.status IN (" + ", ".join(["%s"] * len(f.statuses)) + ")")
            params += list(f.statuses)
        if f.section is not None:
            sections = [f.section.pk, *f.section.children.values_list("pk", flat=True)]
            where.append("a.section_id IN (" + ", ".join(["%s"] * len(sections)) + ")")
            params += sections
        if f.tag is not None:
            through = Article.tags.through._meta.db_table
            where.append(
                f'EXISTS (SELECT 1 FROM "{through}" t '  # noqa: S608 (a table name, no input)
                "WHERE t.article_id = a.id AND t.tag_id = %s)"
            )
            params.append(f.tag.pk)
        if f.writer is not None:
            where.append(
                'EXISTS (SELECT 1 FROM "news_articlewriter" w '
                "WHERE w.article_id = a.id AND w.person_id = %s)"
            )
            params.append(f.writer.pk)
        if f.since is not None:
            where.append("a.published_at >= %s")
            params.append(adapt(_day_start(f.since)))
        if f.until is not None:
            where.append("a.published_at < %s")
            params.append(adapt(_day_start(f.until + timedelta(days=1))))
        return where, params

    def _score(self) -> tuple[str, list]:
        """The ranking formula (see the module's docstring) as SQL, and its parameters."""
        backend = self.backend
        total = max(
            Article.objects.filter(status=Article.Status.PUBLISHED).count(),
            max(self.frequencies.values(), default=0),
        )
        weights = []
        for clause in self.parsed.required:
            documents = max(
                min(self.frequencies.get(term, 0) for term in alternative)
                for alternative in clause.alternatives
            )
            weights.append(_idf(documents, total))
        fields = [("headline", HEADLINE), ("summary", SUMMARY), ("keywords", KEYWORDS)]
        if self.minimum < len(self.parsed.required):
            fields.append(("anywhere", ANYWHERE))
        scale = sum(weights) * sum(field_weight for _name, field_weight in fields) or 1.0
        parts: list[str] = []
        params: list = []
        for clause, weight in zip(self.parsed.required, weights, strict=True):
            for name, field_weight in fields:
                sql, expression = backend.field_match(name, clause)
                parts.append(f"%s * {sql}")
                params += [weight * field_weight / scale, expression]
        recency = f"%s / (1.0 + {backend.greatest}({backend.days_since()}, 0.0) / %s)"
        parts.append(recency)
        params += [RECENCY, connection.ops.adapt_datetimefield_value(self.now), RECENCY_DAYS]
        return "(" + " + ".join(parts) + ")", params

    def _where(self, minimum: int) -> tuple[str, list]:
        """The WHERE clause (match and filters) and its parameters."""
        backend = self.backend
        where, where_params = self._filters()
        match = backend.match(self.parsed.required, self.parsed.excluded, minimum)
        return " AND ".join([backend.match_condition, *where]), [match, *where_params]

    def _exists(self, minimum: int) -> bool:
        conditions, params = self._where(minimum)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 {self.backend.source} WHERE {conditions} LIMIT 1",  # noqa: S608
                params,
            )
            return cursor.fetchone() is not None

    @cached_property
    def minimum(self) -> int:
        """How many of the required clauses an article must match (module docstring)."""
        clauses = len(self.parsed.required)
        wanted = clauses if clauses <= 2 else clauses - 1
        if clauses > 1 and not self._exists(wanted):
            return 1
        return wanted

    @property
    def fallback(self) -> bool:
        """True when no article had enough of the words, and any one of them does."""
        return self.minimum == 1 and len(self.parsed.required) > 1

    def fetch(self, offset: int, limit: int) -> tuple[list[tuple[int, float]], int]:
        """(article id, score) for one window of the results, and how many there are."""
        if not self.parsed:
            return [], 0
        backend = self.backend
        conditions, where_params = self._where(self.minimum)
        newest = "COALESCE(a.published_at, a.created_at) DESC, a.id DESC"
        if self.order == "newest":
            score, score_params = "0.0", []
            order_by = newest
        else:
            score, score_params = self._score()
            order_by = f"score DESC, {newest}"
        sql = (
            f"SELECT a.id, {score} AS score, COUNT(*) OVER () {backend.source} "  # noqa: S608
            f"WHERE {conditions} ORDER BY {order_by} LIMIT %s OFFSET %s"
        )
        params = [*score_params, *where_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if rows:
            return [(row[0], float(row[1])) for row in rows], int(rows[0][2])
        if offset == 0:
            return [], 0
        return [], self.count()

    def count(self) -> int:
        if not self.parsed:
            return 0
        conditions, params = self._where(self.minimum)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) {self.backend.source} WHERE {conditions}",  # noqa: S608
                params,
            )
            return int(cursor.fetchone()[0])

    def hits(self, offset: int, limit: int) -> tuple[list[Hit], int]:
        """The articles of one window, with their highlighted headline and snippet."""
        found, total = self.fetch(offset, limit)
        ids = [article_id for article_id, _score in found]
        articles = Article.objects.for_listing().in_bulk(ids)
        bodies = dict(Article.objects.filter(pk__in=ids).values_list("pk", "body"))
        wanted = self.parsed.highlight
        hits = []
        for article_id, score in found:
            article = articles.get(article_id)
            if article is None:
                continue
            hits.append(
                Hit(
                    article=article,
                    score=score,
                    headline=snippets.highlight(article.headline, wanted),
                    snippet=snippets.snippet(bodies.get(article_id, ""), article.summary, wanted),
                )
            )
        return hits, total

    def page(self, number: int, per_page: int) -> Page:
        """A Django Page (what includes/pager.html takes); EmptyPage past the last."""
        return Paginator(_Window(self, number, per_page), per_page).page(number)

    @cached_property
    def suggestion(self) -> str:
        """A query with its unknown words respelled from the published articles, or ""."""
        return suggest.better_query(self.text, self.parsed, self.frequencies)


class _Window:
    """What Paginator needs, from one query: the page's hits and the total."""

    def __init__(self, search: Search, number: int, per_page: int) -> None:
        self.offset = max(number - 1, 0) * per_page
        self.items, self.total = search.hits(self.offset, per_page)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Hit]:
        return self.items if window.start == self.offset else []


def search(
    text: str,
    *,
    published_only: bool = True,
    statuses: Sequence[str] = (),
    section: Section | None = None,
    tag: Tag | None = None,
    writer: Person | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "relevance",
    now: datetime | None = None,
) -> Search:
    """Articles matching text; readers' view by default (published only)."""
    return Search(
        text=text,
        filters=Filters(
            published_only=published_only,
            statuses=statuses,
            section=section,
            tag=tag,
            writer=writer,
            since=since,
            until=until,
        ),
        order=order if order in ORDERS else "relevance",
        now=now or timezone.now(),
    )
