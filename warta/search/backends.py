"""The two places the index lives: SQLite FTS5 tables, or PostgreSQL tsvectors with a GIN index.

Both store the stems analysis.py made and are asked for them verbatim, so they find the same
articles; query.py ranks them itself, from what both return alike, so they also agree on the
order.

Per article, in the database's own full-text index:
- its terms without positions, which answer "does it have these words" fast (FTS5 with
  detail=none; a stripped tsvector with the GIN index);
- its text with positions, read only for phrases ("korea utara" side by side);
and in search_document, the same on both, the head: the terms of the headline, the summary
(with kicker and tags) and the body's keywords, which ranking reads.
Migrations 0001 and 0003 create the tables.
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


def _has_phrase(clauses: Iterable[Clause]) -> bool:
    return any(len(alternative) > 1 for clause in clauses for alternative in clause.alternatives)


def _at_least(clauses: list[str], minimum: int, *, all_of: str, any_of: str) -> str:
    """At least `minimum` of the clauses: any of the combinations of that many, all of each."""
    groups = ["(" + all_of.join(group) + ")" for group in combinations(clauses, minimum)]
    return "(" + any_of.join(groups) + ")"


class Backend:
    vendor = ""
    # FROM: the article as "a", its search document as "d".
    source = 'FROM "news_article" a JOIN search_document d ON d.article_id = a.id'

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

    def match(
        self, required: Sequence[Clause], excluded: Sequence[Clause], minimum: int
    ) -> tuple[str, list]:
        """SQL (and parameters) for: at least `minimum` of the required clauses, and no
        excluded one."""
        plain = self._terms_condition(
            [self._plain(clause) for clause in required],
            [self._plain(clause) for clause in excluded if not _has_phrase([clause])],
            minimum,
        )
        if not _has_phrase([*required, *excluded]):
            return plain
        exact = self._text_condition(
            [self._exact(clause) for clause in required],
            [self._exact(clause) for clause in excluded],
            minimum,
        )
        return f"{plain[0]} AND {exact[0]}", plain[1] + exact[1]

    def anywhere(self, clause: Clause) -> tuple[str, str]:
        """SQL that is 1 when the article matches the clause, and its parameter."""
        raise NotImplementedError

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

    def size(self) -> int:
        """Bytes the index takes on disk, for the benchmark."""
        raise NotImplementedError

    # The query languages; the terms are letters and digits only (analysis.py), so quoting
    # them is enough.
    def _plain(self, clause: Clause) -> str:
        """The clause without word order: a phrase needs its words, anywhere."""
        raise NotImplementedError

    def _exact(self, clause: Clause) -> str:
        raise NotImplementedError

    def _terms_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        raise NotImplementedError

    def _text_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        raise NotImplementedError


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
                [(row.article_id, " ".join(sorted(row.analyzed.terms))) for row in rows],
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
        return set(row[0].split()) if row else set()

    def optimize(self) -> None:
        """Merge each FTS5 index into one b-tree: fewer segments to read per query."""
        with connection.cursor() as cursor:
            for table in ("search_terms", "search_text"):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608

    def _plain(self, clause: Clause) -> str:
        alternatives = [
            "(" + " AND ".join(f'"{term}"' for term in alt) + ")" for alt in clause.alternatives
        ]
        return "(" + " OR ".join(alternatives) + ")"

    def _exact(self, clause: Clause) -> str:
        return "(" + " OR ".join('"' + " ".join(alt) + '"' for alt in clause.alternatives) + ")"

    @staticmethod
    def _expression(required: list[str], excluded: list[str], minimum: int) -> str:
        expression = _at_least(required, minimum, all_of=" AND ", any_of=" OR ")
        if excluded:
            expression += " NOT (" + " OR ".join(excluded) + ")"
        return expression

    def _terms_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        return (
            "a.id IN (SELECT rowid FROM search_terms WHERE search_terms MATCH %s)",
            [self._expression(required, excluded, minimum)],
        )

    def _text_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        return (
            "a.id IN (SELECT rowid FROM search_text WHERE search_text MATCH %s)",
            [self._expression(required, excluded, minimum)],
        )

    def anywhere(self, clause: Clause) -> tuple[str, str]:
        if _has_phrase([clause]):
            sql = "(a.id IN (SELECT rowid FROM search_text WHERE search_text MATCH %s))"
            return sql, self._exact(clause)
        sql = "(a.id IN (SELECT rowid FROM search_terms WHERE search_terms MATCH %s))"
        return sql, self._plain(clause)

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
    """search_document.terms (the stripped vector, with the GIN index) and .vector (headline,
    summary and body with positions, no index: read for phrases only, in matching rows).
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
            values.append([*self._document(row, at), vector, vector])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (article_id, counted, indexed_at, headline, summary, "
                "keywords, vector, terms) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s::tsvector, strip(%s::tsvector)) "
                "ON CONFLICT (article_id) DO UPDATE SET counted = EXCLUDED.counted, "
                "indexed_at = EXCLUDED.indexed_at, headline = EXCLUDED.headline, "
                "summary = EXCLUDED.summary, keywords = EXCLUDED.keywords, "
                "vector = EXCLUDED.vector, terms = EXCLUDED.terms",
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
        return set(row[0] or ()) if row else set()

    @staticmethod
    def _alternative(alternative: Alternative, joint: str) -> str:
        return "(" + joint.join(f"'{term}'" for term in alternative) + ")"

    def _plain(self, clause: Clause) -> str:
        return "(" + " | ".join(self._alternative(alt, " & ") for alt in clause.alternatives) + ")"

    def _exact(self, clause: Clause) -> str:
        return (
            "(" + " | ".join(self._alternative(alt, " <-> ") for alt in clause.alternatives) + ")"
        )

    @staticmethod
    def _expression(required: list[str], excluded: list[str], minimum: int) -> str:
        expression = _at_least(required, minimum, all_of=" & ", any_of=" | ")
        for clause in excluded:
            expression += " & !" + clause
        return expression

    def _terms_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        return "d.terms @@ %s::tsquery", [self._expression(required, excluded, minimum)]

    def _text_condition(self, required: list[str], excluded: list[str], minimum: int) -> tuple:
        return "d.vector @@ %s::tsquery", [self._expression(required, excluded, minimum)]

    def anywhere(self, clause: Clause) -> tuple[str, str]:
        if _has_phrase([clause]):
            return "(d.vector @@ %s::tsquery)::int", self._exact(clause)
        return "(d.terms @@ %s::tsquery)::int", self._plain(clause)

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
