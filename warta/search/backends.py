"""The two places the index lives: SQLite FTS5 tables, or PostgreSQL tsvectors with a GIN index.

Both store the stems analysis.py made and are asked for them verbatim, so they find the same
articles; query.py ranks them itself, from what both return alike, so they also agree on the
order.

Per article, in the database's own full-text index:
- its terms without positions, and each pair of terms side by side, which answer "does it
  have these words (and these pairs)" fast (FTS5 with detail=none; a tsvector without
  positions, with a GIN index);
- its text with positions, read only for phrases of three words or more;
and in search_document, the same on both, the head: the terms of the headline, the summary
(with kicker and tags) and the body's keywords, which ranking reads.
Migrations 0001, 0003 and 0004 create the tables.

Finding the newest matches (query.Search._newest) can start from three places (Drive), and
query.py takes the one the backend says costs least for the rows each would read (Rows,
Backend.costs): the newest articles, walked in order until enough match, when the words are
common; the text's matches, collected from the index and then sorted, when they are few; or
the articles of the tag or writer asked for, when those are few. Each backend writes each way
in the shape its planner follows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any, Literal

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from warta.search.analysis import BREAK, Analyzed, pair
from warta.search.parser import Alternative, Clause

# PostgreSQL keeps at most 256 positions of a lexeme and drops the rest.
MAX_POSITIONS = 255


# Where finding the newest matches starts (module docstring).
Drive = Literal["newest", "matches", "source"]
# SQL and its parameters.
Sql = tuple[str, list[Any]]
# What a walk cut short selects of each article: all that an order may name.
WALKED = "a.id, a.published_at, a.created_at"


@dataclass(frozen=True)
class Match:
    """The articles that match a query, asked of the index two ways."""

    # A SELECT of their ids (as article_id): to collect them all.
    ids: Sql
    # A condition on the article "a": to confirm one article at a time.
    probe: Sql


@dataclass(frozen=True)
class Rows:
    """How many rows each way of finding the newest matches reads, as query.py estimates them
    (Search._drive)."""

    # Articles the newest-first walk reads until enough match (all, when too few do).
    walked: float
    # Of those, the ones whose text it confirms: all, or those of the tag or writer asked for.
    probed: float
    # Articles that match the text.
    matches: float
    # Of those, the ones of the tag or writer asked for (all, when none was).
    kept: float
    # Articles of the tag or writer asked for, if one was.
    chosen: float | None


@dataclass
class Row:
    article_id: int
    counted: bool
    analyzed: Analyzed


def _terms(analyzed: Analyzed) -> set[str]:
    """What the positionless index holds: the terms, and the pairs side by side."""
    return analyzed.terms | analyzed.pairs


def _pairs(alternative: Alternative) -> list[str]:
    return [pair(one, two) for one, two in zip(alternative, alternative[1:], strict=False)]


def _long(alternative: Alternative) -> bool:
    """A phrase of three words or more: its pairs narrow it down, positions confirm it. A
    term, or a phrase of two (one pair), is matched exactly without positions."""
    return len(alternative) > 2


def _needs_positions(clauses: Iterable[Clause]) -> bool:
    return any(_long(alternative) for clause in clauses for alternative in clause.alternatives)


def _at_least(clauses: list[str], minimum: int, *, all_of: str, any_of: str) -> str:
    """At least `minimum` of the clauses: any of the combinations of that many, all of each."""
    groups = ["(" + all_of.join(group) + ")" for group in combinations(clauses, minimum)]
    return "(" + any_of.join(groups) + ")"


def _walk(where: str, order: str, walk: int) -> str:
    """A SELECT of the newest `walk` articles that meet `where`: a subquery with a LIMIT,
    which the outer query reads in its order, one at a time."""
    return f"SELECT {WALKED} FROM news_article a WHERE {where} ORDER BY {order} LIMIT {int(walk)}"  # noqa: S608


class Backend(ABC):
    """What each database does for search; `query.py` speaks only to this."""

    vendor = ""
    # Whether a walk that finds fewer matches than expected stops where another way would
    # have cost as much (query.Search._drive): worth it where each article walked is dear.
    stops_walks = False

    @abstractmethod
    def write(self, rows: Sequence[Row], *, at: datetime) -> None: ...

    @abstractmethod
    def delete(self, article_ids: Sequence[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None: ...

    @abstractmethod
    def stored_terms(self, article_id: int) -> set[str]: ...

    def optimize(self) -> None:  # noqa: B027 - an optional step; most backends need none
        """Tidy the index after a rebuild."""

    def prepare_rebuild(self) -> None:  # noqa: B027 - an optional step; most backends need none
        """Ready the rebuild's transaction for writing every article at once."""

    def rows(self, sql: str, params: Sequence) -> list[tuple]:
        """The rows of a search statement (newest, heads, documents)."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @abstractmethod
    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> Match:
        """The articles with at least `minimum` of the required clauses, and no excluded one."""

    @abstractmethod
    def newest(
        self,
        match: Match,
        *,
        drive: Drive,
        source: Sql | None,
        where: Sql,
        dated: str,
        order: str,
        limit: int,
        walk: int | None = None,
    ) -> Sql:
        """A SELECT of the id and the date (`dated`) of the first `limit` articles in `order`
        that match and meet `where` (conditions on the article "a"), starting from `drive`
        (module docstring); `source` is the SELECT of a tag's or writer's article ids, when one
        was asked for. The walk reads at most `walk` articles that meet `where`, when given."""

    @abstractmethod
    def costs(self, rows: Rows, clauses: Sequence[Clause]) -> dict[Drive, float]:
        """What each way of finding the newest matches of the clauses costs (module
        docstring), in microseconds, roughly: per row as measured with bench/search.py
        (100,000 articles, two cores), which is enough to tell a way that reads a hundred rows
        from one that reads a hundred thousand."""

    @abstractmethod
    def documents(self, phrase: Alternative, limit: int) -> int:
        """How many articles, up to limit, have every pair of the phrase: how common it is,
        which Term does not count."""

    @abstractmethod
    def heads(self, ids: Sequence[int], clauses: Sequence[Clause]) -> Sql:
        """A SELECT of the article id, the head (headline, summary, keywords) and, per clause,
        1 when the article matches it anywhere (0 otherwise), of the articles `ids`."""

    @staticmethod
    def _document(row: Row, at: datetime) -> list:
        """search_document's own columns, the same on both backends."""
        return [
            row.article_id,
            row.counted,
            at,
            _text(row.analyzed.headline),
            _text(row.analyzed.summary),
            " ".join(row.analyzed.keywords),
        ]

    @abstractmethod
    def size(self) -> int:
        """Bytes the index takes on disk, for the benchmark."""


def _text(terms: Iterable[str | None]) -> str:
    return " ".join(term or BREAK for term in terms)


class SQLiteBackend(Backend):
    """FTS5 tables keyed by the article id (rowid): search_terms (the distinct terms,
    detail=none) and search_text (headline, summary and body in order, for phrases).

    The ascii tokenizer splits on ASCII punctuation and spaces only, and the stems are already
    folded, so FTS5 indexes exactly the terms given.
    """

    vendor = "sqlite"
    TABLES = (
        ("search_terms", "rowid"),
        ("search_text", "rowid"),
        ("search_document", "article_id"),
    )

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        self.delete([row.article_id for row in rows])
        stamp = connection.ops.adapt_datetimefield_value(at)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_terms (rowid, terms) VALUES (%s, %s)",
                [(row.article_id, " ".join(sorted(_terms(row.analyzed)))) for row in rows],
            )
            cursor.executemany(
                "INSERT INTO search_text (rowid, headline, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    (
                        row.article_id,
                        _text(row.analyzed.headline),
                        _text(row.analyzed.summary),
                        _text(row.analyzed.body),
                    )
                    for row in rows
                ],
            )
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at, headline, summary, "
                "keywords) VALUES (%s, %s, %s, %s, %s, %s)",
                [self._document(row, stamp) for row in rows],
            )

    def delete(self, article_ids: Sequence[int]) -> None:
        if not article_ids:
            return
        marks = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            for table, column in self.TABLES:
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", article_ids)  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table, _column in self.TABLES:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def stored_terms(self, article_id: int) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT terms FROM search_terms WHERE rowid = %s", [article_id])
            row = cursor.fetchone()
        return {term for term in row[0].split() if BREAK not in term} if row else set()

    def optimize(self) -> None:  # noqa: B027 - an optional step; most backends need none
        """Merge each FTS5 index into one b-tree: fewer segments to read per query."""
        with connection.cursor() as cursor:
            for table in ("search_terms", "search_text"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608

    # FTS5 query strings; terms are letters and digits (analysis.py), pairs add BREAK, so
    # quoting them is enough.
    TERMS = "SELECT rowid AS article_id FROM search_terms WHERE search_terms MATCH %s"
    TEXT = "SELECT rowid FROM search_text WHERE search_text MATCH %s"

    @staticmethod
    def _plain(clause: Clause) -> str:
        """The clause in search_terms: a term, or a phrase's pairs."""
        alternatives = [
            f'"{alt[0]}"'
            if len(alt) == 1
            else "(" + " AND ".join(f'"{p}"' for p in _pairs(alt)) + ")"
            for alt in clause.alternatives
        ]
        return "(" + " OR ".join(alternatives) + ")"

    @staticmethod
    def _exact(clause: Clause) -> str:
        return "(" + " OR ".join('"' + " ".join(alt) + '"' for alt in clause.alternatives) + ")"

    @staticmethod
    def _expression(required: list[str], excluded: list[str], minimum: int) -> str:
        expression = _at_least(required, minimum, all_of=" AND ", any_of=" OR ")
        if excluded:
            expression += " NOT (" + " OR ".join(excluded) + ")"
        return expression

    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> Match:
        """The walk confirms an article by looking it up in the list of matches, which SQLite
        makes once per query for IN (subquery)."""
        exact_excluded = [clause for clause in excluded if not _needs_positions([clause])]
        plain = self._expression(
            [self._plain(clause) for clause in required],
            [self._plain(clause) for clause in exact_excluded],
            minimum,
        )
        ids: Sql = (self.TERMS, [plain])
        if _needs_positions([*required, *excluded]):
            exact = self._expression(
                [self._exact(clause) for clause in required],
                [self._exact(clause) for clause in excluded],
                minimum,
            )
            ids = (f"{self.TERMS} INTERSECT {self.TEXT}", [plain, exact])
        return Match(ids=ids, probe=(f"a.id IN ({ids[0]})", ids[1]))

    def costs(self, rows: Rows, clauses: Sequence[Clause]) -> dict[Drive, float]:
        """SQLite lists the matches of an IN (subquery) once (0.2 µs each), then looks each
        article walked (0.1 µs) up in the list; fetching an article by id and sorting it
        costs 2 µs."""
        listed = 0.2 * rows.matches
        costs: dict[Drive, float] = {
            "newest": listed + 0.1 * rows.walked,
            "matches": listed + 2 * rows.kept,
        }
        if rows.chosen is not None:
            costs["source"] = listed + 2 * rows.chosen
        return costs

    def documents(self, phrase: Alternative, limit: int) -> int:
        pairs = " AND ".join(f'"{p}"' for p in _pairs(phrase))
        rows = self.rows(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE search_terms MATCH %s "
            "LIMIT %s)",
            [pairs, limit],
        )
        return int(rows[0][0])

    def newest(
        self,
        match: Match,
        *,
        drive: Drive,
        source: Sql | None,
        where: Sql,
        dated: str,
        order: str,
        limit: int,
        walk: int | None = None,
    ) -> Sql:
        """A CROSS JOIN makes SQLite start from its left side. The matches are collected in a
        MATERIALIZED CTE, so that the tag's or writer's ids are looked up in them, not pushed
        into FTS5 as one query per id. The walk is never cut short (stops_walks)."""
        (match_sql, match_params), (probe, probe_params) = match.ids, match.probe
        where_sql, where_params = where
        columns, rest = f"a.id, {dated}", f"ORDER BY {order} LIMIT {int(limit)}"
        if drive == "matches":
            kept, kept_params = (
                (f"m.article_id IN ({source[0]})", source[1]) if source else ("1", [])
            )
            return (
                f"WITH found AS MATERIALIZED ({match_sql}) SELECT {columns} "  # noqa: S608
                f"FROM found m CROSS JOIN news_article a ON a.id = m.article_id "
                f"WHERE {kept} AND {where_sql} {rest}",
                [*match_params, *kept_params, *where_params],
            )
        if drive == "source" and source is not None:
            source_sql, source_params = source
            return (
                f"SELECT {columns} FROM ({source_sql}) s CROSS JOIN news_article a "  # noqa: S608
                f"ON a.id = s.article_id WHERE {probe} AND {where_sql} {rest}",
                [*source_params, *probe_params, *where_params],
            )
        return (
            f"SELECT {columns} FROM news_article a WHERE {probe} AND {where_sql} {rest}",  # noqa: S608
            [*probe_params, *where_params],
        )

    def heads(self, ids: Sequence[int], clauses: Sequence[Clause]) -> Sql:
        """The flags look up only the rowids between the lowest and the highest of ids: the
        newest matches are mostly recent articles, whose ids are close together, so FTS5
        reads a short stretch of each clause's list instead of all of it."""
        flags, params = [], []
        low, high = min(ids, default=0), max(ids, default=0)
        for clause in clauses:
            table, query = (
                ("search_text", self._exact(clause))
                if _needs_positions([clause])
                else ("search_terms", self._plain(clause))
            )
            flags.append(
                f", d.article_id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s "  # noqa: S608
                "AND rowid BETWEEN %s AND %s)"
            )
            params += [query, low, high]
        marks = ", ".join(["%s"] * len(ids))
        return (
            f"SELECT d.article_id, d.headline, d.summary, d.keywords{''.join(flags)} "  # noqa: S608
            f"FROM search_document d WHERE d.article_id IN ({marks})",
            [*params, *ids],
        )

    def size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master "
                "WHERE tbl_name LIKE 'search%' AND tbl_name != 'search_synonym')"
            )
            return int(cursor.fetchone()[0] or 0)


def _vector(fields: Sequence[tuple[str, Sequence[str | None]]]) -> str:
    """A tsvector literal with the positions and weights chosen here.

    Each field starts two positions after the previous one ended, so no phrase spans two
    fields, as none can between FTS5 columns.
    """
    positions: dict[str, list[str]] = defaultdict(list)
    position = 1
    for weight, terms in fields:
        for term in terms:
            if term is not None and len(positions[term]) < MAX_POSITIONS:
                positions[term].append(f"{position}{weight}")
            position += 1
        position += 1
    return " ".join(f"'{term}':{','.join(marks)}" for term, marks in positions.items())


class PostgresBackend(Backend):
    """search_vectors, beside search_document, one row per article (migration 0004 says why a
    narrow table of their own), tsvectors without positions but vector's:
    - terms: its terms and its pairs, as search_terms has them on SQLite, with a GIN index;
      any query without a phrase of three words or more is one tsquery on it, which the
      index answers alone, never reading an article's terms to check them;
    - terms_only: its terms without the pairs, no index, a third of the size: what confirming
      one article reads (the walk, the flags) when the query has no phrase;
    - vector: headline, summary and body with positions, no index: read for phrases of three
      words or more only, in rows whose pairs already match.
    """

    vendor = "postgresql"
    stops_walks = True

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        documents, vectors = [], []
        for row in rows:
            documents.append(self._document(row, at))
            vector = _vector(
                [
                    ("A", row.analyzed.headline),
                    ("B", row.analyzed.summary),
                    ("D", row.analyzed.body),
                ]
            )
            terms = " ".join(f"'{term}'" for term in sorted(_terms(row.analyzed)))
            terms_only = " ".join(f"'{term}'" for term in sorted(row.analyzed.terms))
            vectors.append([row.article_id, terms, terms_only, vector])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at, headline, summary, "
                "keywords) VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET counted = EXCLUDED.counted, "
                "indexed_at = EXCLUDED.indexed_at, headline = EXCLUDED.headline, "
                "summary = EXCLUDED.summary, keywords = EXCLUDED.keywords",
                documents,
            )
            cursor.executemany(
                "INSERT INTO search_vectors (article_id, terms, terms_only, vector) "
                "VALUES (%s, %s::tsvector, %s::tsvector, %s::tsvector) "
                "ON CONFLICT (article_id) DO UPDATE SET terms = EXCLUDED.terms, "
                "terms_only = EXCLUDED.terms_only, vector = EXCLUDED.vector",
                vectors,
            )

    def delete(self, article_ids: Sequence[int]) -> None:
        if article_ids:
            with connection.cursor() as cursor:
                for table in ("search_vectors", "search_document"):
                    cursor.execute(
                        f"DELETE FROM {table} WHERE article_id = ANY(%s)",  # noqa: S608
                        [list(article_ids)],
                    )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in ("search_vectors", "search_document"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def prepare_rebuild(self) -> None:
        """A long list of pending GIN entries, merged into the index in large runs rather than
        every 4 MB (a third less time on 5,000 articles, bench/search.py), with the memory
        to merge them; for this transaction only."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gin_pending_list_limit = '256MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def optimize(self) -> None:  # noqa: B027 - an optional step; most backends need none
        """Move the GIN index's pending entries into its tree, which each query would read
        otherwise, and fresh statistics: how many articles a term has decides how a search
        starts."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('search_vectors_terms')")
            cursor.execute("ANALYZE search_vectors")

    def rows(self, sql: str, params: Sequence) -> list[tuple]:
        """The rows of a search statement planned without sequential scans.

        The planner does not count what reading a tsvector out of line costs: on a table as
        narrow as search_vectors, a sequential scan, which reads every article's terms, looks
        no dearer than a bitmap of the GIN index, and is chosen when a query has many words
        (fifty times slower at 100,000 articles). No search statement wants a sequential scan
        of a large table. SET LOCAL, the statement and RESET go as one string (Django's
        client-side binding allows it), which PostgreSQL runs as one transaction, or within
        the caller's: one round trip, one query as Django counts them.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL enable_seqscan = off; {sql}; RESET enable_seqscan", params)
            cursor.nextset()
            return cursor.fetchall()

    def stored_terms(self, article_id: int) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(terms_only) FROM search_vectors WHERE article_id = %s",
                [article_id],
            )
            row = cursor.fetchone()
        return set(row[0] or ()) if row else set()

    # tsquery strings; terms are letters and digits (analysis.py), pairs add BREAK, so
    # quoting them is enough.
    @staticmethod
    def _query(terms: Iterable[str], joint: str) -> str:
        return "(" + joint.join(f"'{term}'" for term in terms) + ")"

    @staticmethod
    def _plain(clause: Clause) -> str:
        """The clause as a tsquery on terms: a term, or a phrase's pairs."""
        return (
            "("
            + " | ".join(
                PostgresBackend._query(_pairs(alt) or alt, " & ") for alt in clause.alternatives
            )
            + ")"
        )

    def _clause(self, clause: Clause, terms: str = "v.terms") -> Sql:
        """SQL for one clause: terms and pairs through terms, and for a phrase of three words
        or more its positions too (v.vector)."""
        if not _needs_positions([clause]):
            return f"{terms} @@ %s::tsquery", [self._plain(clause)]
        parts, params = [], []
        for alt in clause.alternatives:
            if _long(alt):
                parts.append(f"({terms} @@ %s::tsquery AND v.vector @@ %s::tsquery)")
                params += [self._query(_pairs(alt), " & "), self._query(alt, " <-> ")]
            else:
                parts.append(f"{terms} @@ %s::tsquery")
                params.append(self._query(_pairs(alt) or alt, " & "))
        return "(" + " OR ".join(parts) + ")", params

    @staticmethod
    def _column(clauses: Sequence[Clause]) -> str:
        """The column that confirming one article reads: terms_only, unless a clause has a
        phrase, whose pairs only terms has."""
        if any(len(alt) > 1 for clause in clauses for alt in clause.alternatives):
            return "v.terms"
        return "v.terms_only"

    def _condition(
        self,
        required: Sequence[Clause],
        excluded: Sequence[Clause],
        minimum: int,
        terms: str = "v.terms",
    ) -> Sql:
        if not _needs_positions([*required, *excluded]):
            # One tsquery, which the GIN index answers alone.
            words = [self._plain(clause) for clause in required]
            query = _at_least(words, minimum, all_of=" & ", any_of=" | ")
            for clause in excluded:
                query += " & !" + self._plain(clause)
            return f"{terms} @@ %s::tsquery", [query]
        clauses = [self._clause(clause, terms) for clause in required]
        groups = []
        params: list = []
        for group in combinations(clauses, minimum):
            groups.append("(" + " AND ".join(sql for sql, _params in group) + ")")
            for _sql, group_params in group:
                params += group_params
        sql = "(" + " OR ".join(groups) + ")"
        for clause in excluded:
            excluded_sql, excluded_params = self._clause(clause, terms)
            sql += f" AND NOT {excluded_sql}"
            params += excluded_params
        return sql, params

    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> Match:
        """The probe is a subquery the planner may not turn into a join (OFFSET 0), which
        could read every article's terms: it reads the one article's."""
        ids, ids_params = self._condition(required, excluded, minimum)
        terms = self._column([*required, *excluded])
        probe, probe_params = self._condition(required, excluded, minimum, terms)
        return Match(
            ids=(f"SELECT v.article_id FROM search_vectors v WHERE {ids}", ids_params),  # noqa: S608
            probe=(
                "EXISTS (SELECT 1 FROM search_vectors v "  # noqa: S608
                f"WHERE v.article_id = a.id AND {probe} OFFSET 0)",
                probe_params,
            ),
        )

    def costs(self, rows: Rows, clauses: Sequence[Clause]) -> dict[Drive, float]:
        """The walk reads an article (1 µs) and confirms its text by reading its terms out of
        line (3.5 µs; 6 µs with the pairs, for a phrase; 4 µs more with the positions, for a
        long one); collecting a match from the GIN index costs 0.3 µs, fetching its article
        by id and sorting it 2 µs; an article of a tag or writer is fetched and its text
        confirmed."""
        probe = 3.5 if self._column(clauses) == "v.terms_only" else 6.0
        probe += 4 * _needs_positions(clauses)
        costs: dict[Drive, float] = {
            "newest": rows.walked + probe * rows.probed,
            "matches": 0.3 * rows.matches + 2 * rows.kept,
        }
        if rows.chosen is not None:
            costs["source"] = (2 + probe) * rows.chosen
        return costs

    def documents(self, phrase: Alternative, limit: int) -> int:
        rows = self.rows(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_vectors WHERE terms @@ %s::tsquery "
            "LIMIT %s) found",
            [self._query(_pairs(phrase), " & "), limit],
        )
        return int(rows[0][0])

    def newest(
        self,
        match: Match,
        *,
        drive: Drive,
        source: Sql | None,
        where: Sql,
        dated: str,
        order: str,
        limit: int,
        walk: int | None = None,
    ) -> Sql:
        """The planner does not count what reading a tsvector out of line costs (migration
        0004), so each way is written so that it cannot do otherwise. The walk confirms each
        article with the probe (match). The matches are collected from the GIN index in a
        MATERIALIZED CTE (kept to the tag's or writer's, if one was asked for), and their
        articles fetched by id through ANY(ARRAY(...)), which the planner takes for a few."""
        (match_sql, match_params), (probe, probe_params) = match.ids, match.probe
        where_sql, where_params = where
        columns, rest = f"a.id, {dated}", f"ORDER BY {order} LIMIT {int(limit)}"
        if drive == "matches":
            kept, kept_params = (
                (f" WHERE article_id IN ({source[0]})", source[1]) if source else ("", [])
            )
            return (
                f"WITH found AS MATERIALIZED ({match_sql}) SELECT {columns} "  # noqa: S608
                f"FROM news_article a WHERE a.id = ANY(ARRAY(SELECT article_id FROM found{kept})) "
                f"AND {where_sql} {rest}",
                [*match_params, *kept_params, *where_params],
            )
        if drive == "source" and source is not None:
            source_sql, source_params = source
            return (
                f"WITH chosen AS MATERIALIZED ({source_sql}) SELECT {columns} FROM chosen s "  # noqa: S608
                f"JOIN news_article a ON a.id = s.article_id WHERE {probe} AND {where_sql} {rest}",
                [*source_params, *probe_params, *where_params],
            )
        if walk is None:
            return (
                f"SELECT {columns} FROM news_article a WHERE {probe} AND {where_sql} {rest}",  # noqa: S608
                [*probe_params, *where_params],
            )
        return (
            f"SELECT {columns} FROM ({_walk(where_sql, order, walk)}) a WHERE {probe} {rest}",  # noqa: S608
            [*where_params, *probe_params],
        )

    def heads(self, ids: Sequence[int], clauses: Sequence[Clause]) -> Sql:
        """Each article's terms are read out of line once, by strip() in a lateral subquery,
        for all the clauses' flags: each operator would otherwise read them again."""
        if not clauses:
            return (
                "SELECT d.article_id, d.headline, d.summary, d.keywords FROM search_document d "
                "WHERE d.article_id = ANY(%s)",
                [list(ids)],
            )
        flags, params = [], []
        for clause in clauses:
            sql, clause_params = self._clause(clause, terms="x.terms")
            flags.append(f", (CASE WHEN {sql} THEN 1 ELSE 0 END)")
            params += clause_params
        return (
            f"SELECT d.article_id, d.headline, d.summary, d.keywords{''.join(flags)} "  # noqa: S608
            "FROM search_document d JOIN search_vectors v ON v.article_id = d.article_id "
            f"CROSS JOIN LATERAL (SELECT strip({self._column(clauses)}) AS terms OFFSET 0) x "
            "WHERE d.article_id = ANY(%s) AND v.article_id = ANY(%s)",
            [*params, list(ids), list(ids)],
        )

    def size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_document') "
                "+ pg_total_relation_size('search_vectors') "
                "+ pg_relation_size('search_article_dates') "
                "+ pg_total_relation_size('search_term') + pg_total_relation_size('search_word')"
            )
            return int(cursor.fetchone()[0])


def get_backend() -> Backend:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SQLiteBackend()
    if vendor == "postgresql":
        return PostgresBackend()
    raise ImproperlyConfigured(f"Warta's search runs on SQLite or PostgreSQL, not {vendor}")
