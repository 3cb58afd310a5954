"""The two places the index lives: SQLite FTS5 tables, or PostgreSQL tsvectors with a GIN index.

Both store the stems analysis.py made and are asked for them verbatim, so they find the same
articles; query.py ranks them itself, from what both return alike, so they also agree on the
order.

Per article, in the database's own full-text index:
- its terms without positions, and each pair of terms side by side, which answer "does it
  have these words (and these pairs)" fast (FTS5 with detail=none; a tsvector without
  positions, with the GIN index);
- its text with positions, read only for phrases ("korea utara" side by side);
and in search_document, the same on both, the head: the terms of the headline, the summary
(with kicker and tags) and the body's keywords, which ranking reads.
Migrations 0001 and 0003 create the tables.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from warta.search.analysis import BREAK, Analyzed, pair
from warta.search.parser import Alternative, Clause

# PostgreSQL keeps at most 256 positions of a lexeme and drops the rest.
MAX_POSITIONS = 255


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


class Backend(ABC):
    """What each database does for search; `query.py` speaks only to this."""

    vendor = ""
    # FROM: the article as "a", its search document as "d".
    source = 'FROM "news_article" a JOIN search_document d ON d.article_id = a.id'

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

    @abstractmethod
    def match(
        self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int
    ) -> tuple[str, list]:
        """SQL (and parameters) for: at least `minimum` of the required clauses, and no
        excluded one."""

    @abstractmethod
    def anywhere(self, clause: Clause) -> tuple[str, list]:
        """SQL that is 1 when the article matches the clause, and its parameters."""

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
    TERMS = "a.id IN (SELECT rowid FROM search_terms WHERE search_terms MATCH %s)"
    TEXT = "a.id IN (SELECT rowid FROM search_text WHERE search_text MATCH %s)"

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

    def match(
        self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int
    ) -> tuple[str, list]:
        exact_excluded = [clause for clause in excluded if not _needs_positions([clause])]
        plain = self._expression(
            [self._plain(clause) for clause in required],
            [self._plain(clause) for clause in exact_excluded],
            minimum,
        )
        if not _needs_positions([*required, *excluded]):
            return self.TERMS, [plain]
        exact = self._expression(
            [self._exact(clause) for clause in required],
            [self._exact(clause) for clause in excluded],
            minimum,
        )
        return f"{self.TERMS} AND {self.TEXT}", [plain, exact]

    def anywhere(self, clause: Clause) -> tuple[str, list]:
        if _needs_positions([clause]):
            return f"({self.TEXT})", [self._exact(clause)]
        return f"({self.TERMS})", [self._plain(clause)]

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
    """search_document.terms (terms without positions, with a GIN index), .pairs (the pairs,
    with a GIN index) and .vector (headline, summary and body with positions, no index: read
    for phrases only, in rows whose terms and pairs already match).
    """

    vendor = "postgresql"

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        values = []
        for row in rows:
            vector = _vector(
                [
                    ("A", row.analyzed.headline),
                    ("B", row.analyzed.summary),
                    ("D", row.analyzed.body),
                ]
            )
            terms = " ".join(f"'{term}'" for term in sorted(row.analyzed.terms))
            pairs = " ".join(f"'{term}'" for term in sorted(row.analyzed.pairs))
            values.append([*self._document(row, at), vector, terms, pairs])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at, headline, summary, "
                "keywords, vector, terms, pairs) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector, %s::tsvector) "
                "ON CONFLICT (article_id) DO UPDATE SET counted = EXCLUDED.counted, "
                "indexed_at = EXCLUDED.indexed_at, headline = EXCLUDED.headline, "
                "summary = EXCLUDED.summary, keywords = EXCLUDED.keywords, "
                "vector = EXCLUDED.vector, terms = EXCLUDED.terms, pairs = EXCLUDED.pairs",
                values,
            )

    def delete(self, article_ids: Sequence[int]) -> None:
        if article_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_document WHERE article_id = ANY(%s)", [list(article_ids)]
                )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document")

    def stored_terms(self, article_id: int) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(terms) FROM search_document WHERE article_id = %s",
                [article_id],
            )
            row = cursor.fetchone()
        return {term for term in row[0] or () if BREAK not in term} if row else set()

    # tsquery strings; terms are letters and digits (analysis.py), pairs add BREAK, so
    # quoting them is enough.
    @staticmethod
    def _query(terms: Iterable[str], joint: str) -> str:
        return "(" + joint.join(f"'{term}'" for term in terms) + ")"

    def _clause(self, clause: Clause) -> tuple[str, list]:
        """SQL for one clause: its terms through terms, two-word phrases through pairs, longer
        phrases through pairs and then positions."""
        alternatives = clause.alternatives
        parts: list[str] = []
        params: list = []
        single = [alt[0] for alt in alternatives if len(alt) == 1]
        if single:
            parts.append("d.terms @@ %s::tsquery")
            params.append(self._query(single, " | "))
        double = [_pairs(alt)[0] for alt in alternatives if len(alt) == 2]
        if double:
            parts.append("d.pairs @@ %s::tsquery")
            params.append(self._query(double, " | "))
        for alt in alternatives:
            if _long(alt):
                parts.append("(d.pairs @@ %s::tsquery AND d.vector @@ %s::tsquery)")
                params += [self._query(_pairs(alt), " & "), self._query(alt, " <-> ")]
        return "(" + " OR ".join(parts) + ")", params

    def match(
        self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int
    ) -> tuple[str, list]:
        if not any(len(alt) > 1 for c in [*required, *excluded] for alt in c.alternatives):
            # Terms only: one tsquery, so a row's terms are read once.
            words = [self._query([alt[0] for alt in c.alternatives], " | ") for c in required]
            query = _at_least(words, minimum, all_of=" & ", any_of=" | ")
            for clause in excluded:
                query += " & !" + self._query([alt[0] for alt in clause.alternatives], " | ")
            return "d.terms @@ %s::tsquery", [query]
        clauses = [self._clause(clause) for clause in required]
        groups = []
        params: list = []
        for group in combinations(clauses, minimum):
            groups.append("(" + " AND ".join(sql for sql, _params in group) + ")")
            for _sql, group_params in group:
                params += group_params
        sql = "(" + " OR ".join(groups) + ")"
        for clause in excluded:
            excluded_sql, excluded_params = self._clause(clause)
            sql += f" AND NOT {excluded_sql}"
            params += excluded_params
        return sql, params

    def anywhere(self, clause: Clause) -> tuple[str, list]:
        sql, params = self._clause(clause)
        return f"(CASE WHEN {sql} THEN 1 ELSE 0 END)", params

    def size(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('search_document') "
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
