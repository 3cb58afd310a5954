"""The two places the index lives: SQLite FTS5 tables, or PostgreSQL tsvectors with a GIN index.

Both store the stems analysis.py made and are asked for them verbatim, so they find the same
articles; query.py ranks with one formula over the same signals on both (does the clause
match the headline, the summary, the body's keywords), so they also agree on the order.

A backend knows three things: how to store a document, how to say "matches this clause" (in
a field or anywhere), and the SQL dialect around that. Migration 0001 creates the tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from warta.search.analysis import BREAK, Analyzed
from warta.search.parser import Alternative, Clause

# PostgreSQL keeps at most 256 positions of a lexeme and drops the rest.
MAX_POSITIONS = 255


@dataclass
class Row:
    article_id: int
    counted: bool
    analyzed: Analyzed


class Backend:
    vendor = ""
    # FROM, and the condition that the article matches; "a" is the article.
    source = ""
    match_condition = ""
    greatest = ""

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        raise NotImplementedError

    def delete(self, article_ids: Sequence[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def stored_terms(self, article_id: int) -> set[str]:
        raise NotImplementedError

    def optimize(self) -> None:
        """Tidy the index after a rebuild."""

    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> str:
        """The backend's query text: at least `minimum` of the required clauses, and no
        excluded one."""
        raise NotImplementedError

    def field_match(self, field: str, clause: Clause) -> tuple[str, str]:
        """SQL that is 1 when the clause matches the field (headline, summary, keywords), or
        anywhere."""
        raise NotImplementedError

    def days_since(self) -> str:
        """SQL for the days between a %s timestamp and the article's date."""
        raise NotImplementedError

    def size(self) -> int:
        """Bytes the index takes on disk, for the benchmark."""
        raise NotImplementedError


def _at_least(clauses: list[str], minimum: int, *, all_of: str, any_of: str) -> str:
    """At least `minimum` of the clauses: any of the combinations of that many, all of each."""
    groups = ["(" + all_of.join(group) + ")" for group in combinations(clauses, minimum)]
    return "(" + any_of.join(groups) + ")"


def _text(terms: Iterable[str | None]) -> str:
    return " ".join(term or BREAK for term in terms)


class SQLiteBackend(Backend):
    """FTS5: search_text (headline, summary, body) answers "which articles match";
    search_head (headline, summary, keywords), much smaller, answers "where".

    The ascii tokenizer splits on ASCII punctuation and spaces only, and the stems are already
    folded, so FTS5 indexes exactly the terms given.
    """

    vendor = "sqlite"
    source = 'FROM "news_article" a'
    match_condition = "a.id IN (SELECT rowid FROM search_text WHERE search_text MATCH %s)"
    greatest = "MAX"

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        ids = [row.article_id for row in rows]
        self.delete(ids)
        stamp = connection.ops.adapt_datetimefield_value(at)
        with connection.cursor() as cursor:
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
                "INSERT INTO search_head (rowid, headline, summary, keywords) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (
                        row.article_id,
                        _text(row.analyzed.headline),
                        _text(row.analyzed.summary),
                        _text(row.analyzed.keywords),
                    )
                    for row in rows
                ],
            )
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at) VALUES (%s, %s, %s)",
                [(row.article_id, row.counted, stamp) for row in rows],
            )

    def delete(self, article_ids: Sequence[int]) -> None:
        if not article_ids:
            return
        marks = ", ".join(["%s"] * len(article_ids))
        with connection.cursor() as cursor:
            for table, column in (
                ("search_text", "rowid"),
                ("search_head", "rowid"),
                ("search_document", "article_id"),
            ):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", article_ids)  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in ("search_text", "search_head", "search_document"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def stored_terms(self, article_id: int) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT headline, summary, body FROM search_text WHERE rowid = %s", [article_id]
            )
            row = cursor.fetchone()
        if row is None:
            return set()
        return {term for text in row for term in text.split()} - {BREAK}

    def optimize(self) -> None:
        """Merge each FTS5 index into one b-tree: fewer segments to read per query."""
        with connection.cursor() as cursor:
            for table in ("search_text", "search_head"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608

    @staticmethod
    def _alternative(alternative: Alternative) -> str:
        return '"' + " ".join(alternative) + '"'

    def _clause(self, clause: Clause) -> str:
        return "(" + " OR ".join(self._alternative(alt) for alt in clause.alternatives) + ")"

    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> str:
        expression = _at_least(
            [self._clause(clause) for clause in required], minimum, all_of=" AND ", any_of=" OR "
        )
        if excluded:
            expression += " NOT (" + " OR ".join(self._clause(clause) for clause in excluded) + ")"
        return expression

    def field_match(self, field: str, clause: Clause) -> tuple[str, str]:
        if field == "anywhere":
            sql = "(a.id IN (SELECT rowid FROM search_text WHERE search_text MATCH %s))"
            return sql, self._clause(clause)
        sql = "(a.id IN (SELECT rowid FROM search_head WHERE search_head MATCH %s))"
        if field == "keywords":
            # Keywords have no order: a phrase counts when all its words are keywords.
            alternatives = [
                "(" + " AND ".join(f'"{term}"' for term in alt) + ")" for alt in clause.alternatives
            ]
            return sql, "{keywords} : (" + " OR ".join(alternatives) + ")"
        return sql, "{" + field + "} : " + self._clause(clause)

    def days_since(self) -> str:
        return "(julianday(%s) - julianday(COALESCE(a.published_at, a.created_at)))"

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
    """search_document.vector (headline A, summary B, body D) has the GIN index and answers
    "which articles match"; search_document.head (headline A, summary B, keywords C) is small,
    stays in the row (no TOAST) and answers "where".
    """

    vendor = "postgresql"
    source = 'FROM "news_article" a JOIN search_document d ON d.article_id = a.id'
    match_condition = "d.vector @@ %s::tsquery"
    greatest = "GREATEST"

    def write(self, rows: Sequence[Row], *, at: datetime) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at, vector, head) "
                "VALUES (%s, %s, %s, %s::tsvector, %s::tsvector) "
                "ON CONFLICT (article_id) DO UPDATE SET counted = EXCLUDED.counted, "
                "indexed_at = EXCLUDED.indexed_at, vector = EXCLUDED.vector, head = EXCLUDED.head",
                [
                    (
                        row.article_id,
                        row.counted,
                        at,
                        _vector(
                            [
                                ("A", row.analyzed.headline),
                                ("B", row.analyzed.summary),
                                ("D", row.analyzed.body),
                            ]
                        ),
                        _vector(
                            [
                                ("A", row.analyzed.headline),
                                ("B", row.analyzed.summary),
                                ("C", row.analyzed.keywords),
                            ]
                        ),
                    )
                    for row in rows
                ],
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
                "SELECT tsvector_to_array(vector) FROM search_document WHERE article_id = %s",
                [article_id],
            )
            row = cursor.fetchone()
        return set(row[0] or ()) if row else set()

    @staticmethod
    def _alternative(alternative: Alternative, weight: str = "") -> str:
        suffix = f":{weight}" if weight else ""
        return "(" + " <-> ".join(f"'{term}'{suffix}" for term in alternative) + ")"

    def _clause(self, clause: Clause, weight: str = "") -> str:
        return "(" + " | ".join(self._alternative(alt, weight) for alt in clause.alternatives) + ")"

    def match(self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int) -> str:
        expression = _at_least(
            [self._clause(clause) for clause in required], minimum, all_of=" & ", any_of=" | "
        )
        for clause in excluded:
            expression += " & !" + self._clause(clause)
        return expression

    def field_match(self, field: str, clause: Clause) -> tuple[str, str]:
        if field == "anywhere":
            return "(d.vector @@ %s::tsquery)::int", self._clause(clause)
        sql = "(d.head @@ %s::tsquery)::int"
        if field == "keywords":
            alternatives = [
                "(" + " & ".join(f"'{term}':C" for term in alt) + ")" for alt in clause.alternatives
            ]
            return sql, "(" + " | ".join(alternatives) + ")"
        return sql, self._clause(clause, {"headline": "A", "summary": "B"}[field])

    def days_since(self) -> str:
        return (
            "(CAST(EXTRACT(EPOCH FROM (%s::timestamptz - COALESCE(a.published_at, a.created_at)))"
            " AS double precision) / 86400.0)"
        )

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
