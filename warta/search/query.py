"""Searching: one function for the reader site and the desk, the same answers on both backends.

    results = search("banjir jakarta", section=nasional, order="relevance")
    page = results.page(2, per_page=20)   # a Django Page of Hit
    results.suggestion                    # "Mungkin maksud Anda": a better query, or ""

Readers get published articles only (published_only=True, the default): the condition is
ArticleQuerySet.published()'s, applied to the article's own row. The desk passes
published_only=False and may filter on statuses and writer, and on what a penulis may see
(visible_among, from news.access); its dates are creation dates for articles never published.

Ranking. Each required clause weighs its rarity (idf, from the published articles' counts in
Term) times where it matches: the headline counts most, then the summary (with kicker and tags),
then the body's keywords; anywhere else in the body it only qualifies the article. The clause
scores add up to at most 1, and a mild recency bonus (at most RECENCY, halved at RECENCY_DAYS)
breaks ties and nudges close calls towards fresh news. The formula is computed here, in
Python, over what both backends return alike (the head: headline, summary and keywords, as
terms), so both rank exactly alike.

What is ranked: scoring every match costs time in proportion to the archive, so only the
RANKED newest matches are scored. Up to RANKED matches that is all of them, and the order is
exact; past it, a query so common ranks the most relevant of its recent news, which is what a
reader of news wants anyway. At most MAX_RESULTS results are listed. They are found from
whichever side reads the fewest rows (_drive): the newest articles, walked on the index on
the publication date until enough match, when the words are common; the matches, from the
full-text index, when they are few; the articles of the tag or writer asked for, when those
are few. The newest order lists the same matches, without ranking them.

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
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from warta.news import freshness
from warta.news.access import published_q
from warta.news.models import Article, ArticleQuerySet, Person, Section, Tag
from warta.search import snippets, suggest
from warta.search.backends import Backend, Drive, Rows, Sql, get_backend
from warta.search.models import EVERY_ARTICLE, Synonym, Term
from warta.search.parser import Clause, ParsedQuery, parse, synonym_table

HEADLINE = 3.0
SUMMARY = 1.5
KEYWORDS = 1.0
# When an article may miss a clause: how much matching it at all counts.
ANYWHERE = 4.0
RECENCY = 0.1
RECENCY_DAYS = 30.0
ORDERS = ("relevance", "newest")
# A reader pages through at most this many results; the count says "more than" past it.
MAX_RESULTS = 500
# Relevance ranks the newest RANKED matches (module docstring).
RANKED = MAX_RESULTS
# A long query is matched and ranked on its RARE rarest clauses.
RARE = 5
# Newest first; readers' results all have a publication date, and the order follows the
# article_published index, so the newest matches are found without sorting them all.
NEWEST = "a.published_at DESC, a.id DESC"
NEWEST_ANY_STATUS = "COALESCE(a.published_at, a.created_at) DESC, a.id DESC"
# The date each goes by.
PUBLISHED = "a.published_at"
PUBLISHED_OR_CREATED = "COALESCE(a.published_at, a.created_at)"


@dataclass
class Hit:
    article: Article
    score: float
    headline: SafeString = SafeString("")
    snippet: SafeString = SafeString("")


def _condition(articles: ArticleQuerySet) -> tuple[str, list]:
    """The WHERE condition of a queryset over articles, written for the alias `a` that the
    search statements use: visibility is defined once, in news.access, and compiled here
    rather than restated in SQL."""
    query = articles.query
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    table = connection.ops.quote_name(Article._meta.db_table)
    return f"({sql.replace(f'{table}.', 'a.')})", list(params)


@dataclass
class Filters:
    published_only: bool = True
    statuses: Sequence[str] = ()
    section: Section | None = None
    tag: Tag | None = None
    writer: Person | None = None
    since: date | None = None
    until: date | None = None
    # A penulis's desk search: the articles news.access lets them see (None: every article).
    visible_among: ArticleQuerySet | None = None


_synonyms: dict[str, dict] = {}


def synonyms() -> dict:
    """The synonym table, read again after every site-wide change (the admin's synonym
    changes are one)."""
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
class Candidate:
    """An article as ranking sees it: its head's terms, its date, and per clause whether it
    matches anywhere (asked of the backend only when an article may miss a clause)."""

    id: int
    date: datetime
    headline: str
    summary: str
    keywords: str
    anywhere: list[int]

    @classmethod
    def from_row(cls, row: Sequence) -> Candidate:
        article_id, dated, headline, summary, keywords, *anywhere = row
        return cls(
            id=article_id,
            date=_datetime(dated),
            headline=f" {headline} ",
            summary=f" {summary} ",
            keywords=f" {keywords} ",
            anywhere=[int(flag) for flag in anywhere],
        )


def _datetime(value: datetime | str) -> datetime:
    """A date as the database returns it: SQLite's is text in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Needles:
    """A clause as ranking looks for it in a candidate's head (terms between spaces)."""

    # Each alternative's words side by side: " korea utara ".
    sequences: tuple[str, ...]
    # Each alternative's words one by one (keywords have no order): (" korea ", " utara ").
    sets: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, clause: Clause) -> _Needles:
        return cls(
            sequences=tuple(f" {' '.join(alt)} " for alt in clause.alternatives),
            sets=tuple(tuple(f" {term} " for term in alt) for alt in clause.alternatives),
        )

    # Plain loops: ranking asks these of every candidate, and they cost less than any().
    def in_sequence(self, terms: str) -> int:
        """1 when an alternative is in terms, its words side by side."""
        for needle in self.sequences:
            if needle in terms:
                return 1
        return 0

    def in_set(self, terms: str) -> int:
        """1 when all the words of an alternative are among terms."""
        for alternative in self.sets:
            for needle in alternative:
                if needle not in terms:
                    break
            else:
                return 1
        return 0


@dataclass
class Search:
    """A query and its filters; runs lazily, one page at a time."""

    text: str
    filters: Filters
    order: str = "relevance"
    now: datetime = field(default_factory=timezone.now)
    # _newest()'s answers, by minimum.
    _found: dict[int, list[tuple]] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def parsed(self) -> ParsedQuery:
        return parse(self.text, synonyms())

    @cached_property
    def clauses(self) -> list[Clause]:
        """The required clauses matched and ranked: of a long query, the RARE rarest ones, in
        the reader's order (common words narrow nothing and cost the most to look up)."""
        required = self.parsed.required
        if len(required) <= RARE:
            return required
        frequencies = self.frequencies

        def documents(clause: Clause) -> int:
            return max(min(frequencies.get(t, 0) for t in alt) for alt in clause.alternatives)

        rarest = sorted(range(len(required)), key=lambda index: documents(required[index]))
        return [required[index] for index in sorted(rarest[:RARE])]

    @cached_property
    def backend(self) -> Backend:
        return get_backend()

    @cached_property
    def _counts(self) -> dict[str, int]:
        """Term's counts of the query's stems, and of every article, in one query."""
        stems = {term for clause in self.parsed.required for term in clause.stems}
        stems.add(EVERY_ARTICLE)
        return dict(Term.objects.filter(text__in=stems).values_list("text", "documents"))

    @cached_property
    def frequencies(self) -> dict[str, int]:
        """The published articles with each of the query's stems."""
        return {text: count for text, count in self._counts.items() if text != EVERY_ARTICLE}

    @cached_property
    def published(self) -> int:
        """The published articles (at least one, as it divides)."""
        return max(self._counts.get(EVERY_ARTICLE, 0), 1)

    def _filters(self) -> tuple[list[str], list]:
        adapt = connection.ops.adapt_datetimefield_value
        where: list[str] = []
        params: list = []
        f = self.filters
        if f.published_only:
            # The one definition of published, from news.access, compiled for this alias.
            condition, values = _condition(Article.objects.filter(published_q(at=self.now)))
            where.append(condition)
            params += values
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
        if f.visible_among is not None:
            # What news.access lets this staff member see, compiled from its queryset.
            condition, values = _condition(f.visible_among)
            where.append(condition)
            params += values
        # The desk dates an article never published by its creation, as NEWEST_ANY_STATUS does.
        dated = "a.published_at" if f.published_only else "COALESCE(a.published_at, a.created_at)"
        if f.since is not None:
            where.append(f"{dated} >= %s")
            params.append(adapt(_day_start(f.since)))
        if f.until is not None:
            where.append(f"{dated} < %s")
            params.append(adapt(_day_start(f.until + timedelta(days=1))))
        return where, params

    @cached_property
    def weights(self) -> list[float]:
        """Each required clause's idf, over the published articles."""
        total = max(self.published, max(self.frequencies.values(), default=0))
        weights = []
        for clause in self.clauses:
            documents = max(
                min(self.frequencies.get(term, 0) for term in alternative)
                for alternative in clause.alternatives
            )
            weights.append(_idf(documents, total))
        return weights

    @cached_property
    def needles(self) -> list[_Needles]:
        return [_Needles.of(clause) for clause in self.clauses]

    @cached_property
    def loose(self) -> bool:
        """True when an article may miss a clause: matching it anywhere then counts."""
        return self.minimum < len(self.clauses)

    @cached_property
    def scale(self) -> float:
        """The most the clauses can score, which scales their sum to at most 1."""
        fields = HEADLINE + SUMMARY + KEYWORDS + (ANYWHERE if self.loose else 0.0)
        return sum(self.weights) * fields or 1.0

    def _score(self, candidate: Candidate) -> float:
        """The ranking formula (module docstring) for one candidate."""
        loose, scale = self.loose, self.scale
        text = 0.0
        for index, (needles, weight) in enumerate(zip(self.needles, self.weights, strict=True)):
            found = HEADLINE * needles.in_sequence(candidate.headline)
            found += SUMMARY * needles.in_sequence(candidate.summary)
            found += KEYWORDS * needles.in_set(candidate.keywords)
            if loose:
                found += ANYWHERE * candidate.anywhere[index]
            text += weight * found
        days = max((self.now - candidate.date).total_seconds() / 86_400, 0.0)
        return text / scale + RECENCY / (1.0 + days / RECENCY_DAYS)

    @cached_property
    def source(self) -> tuple[Sql, int] | None:
        """The ids of the tag's or the writer's articles (the fewer, when both are asked for),
        and how many: finding the newest matches may start from them (_drive). Counted on
        the index of the link table, reading no article."""
        f = self.filters
        sources: list[Sql] = []
        if f.tag is not None:
            through = Article.tags.through._meta.db_table
            sources.append((f'SELECT article_id FROM "{through}" WHERE tag_id = %s', [f.tag.pk]))  # noqa: S608
        if f.writer is not None:
            sources.append(
                ('SELECT article_id FROM "news_articlewriter" WHERE person_id = %s', [f.writer.pk])
            )
        counted = []
        with connection.cursor() as cursor:
            for sql, params in sources:
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) s", params)  # noqa: S608
                counted.append(((sql, params), int(cursor.fetchone()[0])))
        return min(counted, key=lambda item: item[1], default=None)

    @cached_property
    def shares(self) -> list[float]:
        """Per clause, the share of the articles that match it, roughly: a word's from Term's
        counts, a phrase's from the index (its pairs), counted up to a quarter of them."""
        total = self.published
        shares = []
        for clause in self.clauses:
            documents = 0
            for alternative in clause.alternatives:
                if len(alternative) == 1:
                    documents += self.frequencies.get(alternative[0], 0)
                else:
                    documents += self.backend.documents(alternative, limit=total // 4 + 1)
            shares.append(min(documents / total, 1.0))
        return shares

    def _share(self, minimum: int) -> float:
        """The share of the articles with at least `minimum` of the clauses, roughly, taking
        the clauses as independent."""
        # exactly[k]: the chance that k of the clauses seen so far match.
        exactly = [1.0]
        for share in self.shares:
            exactly = [
                (exactly[k] if k < len(exactly) else 0.0) * (1 - share)
                + (exactly[k - 1] * share if k else 0.0)
                for k in range(len(exactly) + 1)
            ]
        return sum(exactly[minimum:])

    def _drive(self, minimum: int) -> tuple[list[Drive], int | None, Sql | None]:
        """The ways to find the newest matches (backends module docstring), cheapest first
        at the backend's costs; how many articles the walk may read before another way would
        have cost less (None: no limit); and the tag's or writer's article ids, if asked for.

        The walk reads articles newest first until RANKED + 1 of them match, and confirms the
        text of those of the tag or writer asked for; the desk's order has no index to walk,
        so there it reads them all. Collecting the matches reads as many rows as match, and
        starting from a tag or writer as many as it has.
        """
        total = self.published
        matches = total * self._share(minimum)
        source = self.source
        chosen = source[1] if source else total
        # Articles of the tag or writer that match.
        kept = matches * chosen / total
        walked = float(total)
        if self.filters.published_only and kept > RANKED:
            walked = (RANKED + 1) * total / kept
        rows = Rows(
            walked=walked,
            probed=walked * chosen / total,
            matches=matches,
            kept=kept,
            chosen=source[1] if source else None,
        )
        costs = self.backend.costs(rows, [*self.clauses, *self.parsed.excluded])
        drives = sorted(costs, key=costs.__getitem__)
        walk = None
        if self.backend.stops_walks and drives[0] == "newest" and len(drives) > 1:
            # The articles that meet the filters (those whose text is confirmed) the walk may
            # read before it has cost what the next cheapest way is expected to.
            walk = int(rows.probed * costs[drives[1]] / max(costs["newest"], 1.0)) + 1
            walk = walk if walk < total else None
        return drives, walk, source[0] if source else None

    def _newest(self, minimum: int) -> list[tuple]:
        """(id, date) of the newest RANKED + 1 articles with at least `minimum` of the clauses;
        asked of the database once per minimum. When the walk, read as far as it may, finds
        too few, the next cheapest way finds them all."""
        if minimum not in self._found:
            where, where_params = self._filters()
            drives, walk, source = self._drive(minimum)
            for drive in drives[:2]:
                sql, params = self.backend.newest(
                    self.backend.match(self.clauses, self.parsed.excluded, minimum),
                    drive=drive,
                    source=source,
                    where=(" AND ".join(where) or "1 = 1", where_params),
                    dated=self.dated,
                    order=self.newest,
                    limit=RANKED + 1,
                    walk=walk if drive == "newest" else None,
                )
                self._found[minimum] = self.backend.rows(sql, params)
                if drive != "newest" or walk is None or len(self._found[minimum]) > RANKED:
                    break
        return self._found[minimum]

    @cached_property
    def minimum(self) -> int:
        """How many of the required clauses an article must match (module docstring)."""
        clauses = len(self.clauses)
        wanted = clauses if clauses <= 2 else clauses - 1
        if clauses > 1 and not self._newest(wanted):
            return 1
        return wanted

    @property
    def fallback(self) -> bool:
        """True when no article had enough of the words, and any one of them does."""
        return self.minimum == 1 and len(self.clauses) > 1

    @cached_property
    def matches(self) -> list[tuple]:
        """The newest RANKED matches (module docstring), and one more: if there is one, more
        match than are ranked, which is all the count needs to know."""
        return self._newest(self.minimum) if self.parsed else []

    @cached_property
    def candidates(self) -> list[Candidate]:
        """The matches as ranking sees them, newest first; whether each matches each clause
        anywhere is asked only when an article may miss one."""
        ids = [row[0] for row in self.matches]
        if not ids:
            return []
        sql, params = self.backend.heads(ids, self.clauses if self.loose else [])
        heads = {row[0]: row[1:] for row in self.backend.rows(sql, params)}
        return [
            Candidate.from_row([*row, *heads[row[0]]]) for row in self.matches if row[0] in heads
        ]

    @cached_property
    def ranked(self) -> list[tuple[int, float]]:
        """(article id, score) of the ranked candidates, best first."""
        scored = [(self._score(candidate), candidate) for candidate in self.candidates[:RANKED]]
        scored.sort(key=lambda item: (-item[0], -item[1].date.timestamp(), -item[1].id))
        return [(candidate.id, score) for score, candidate in scored]

    @property
    def newest(self) -> str:
        return NEWEST if self.filters.published_only else NEWEST_ANY_STATUS

    @property
    def dated(self) -> str:
        """The date the newest order goes by."""
        return PUBLISHED if self.filters.published_only else PUBLISHED_OR_CREATED

    def fetch(self, offset: int, limit: int) -> tuple[list[tuple[int, float]], int]:
        """(article id, score) for one window of the results, and how many there are (at most
        MAX_RESULTS)."""
        if not self.parsed:
            return [], 0
        limit = max(min(limit, MAX_RESULTS - offset), 0)
        if self.order != "newest":
            return self.ranked[offset : offset + limit], self.count()
        window = self.matches[offset : offset + limit]
        return [(row[0], 0.0) for row in window], self.count()

    @cached_property
    def total(self) -> int:
        """How many articles match, counted up to MAX_RESULTS + 1."""
        return len(self.matches)

    def count(self) -> int:
        """The number of results a reader can page through."""
        return min(self.total, MAX_RESULTS)

    @property
    def more(self) -> bool:
        """True when more articles match than the results can show."""
        return self.total > MAX_RESULTS

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
    visible_among: ArticleQuerySet | None = None,
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
            visible_among=visible_among,
        ),
        order=order if order in ORDERS else "relevance",
        now=now or timezone.now(),
    )
