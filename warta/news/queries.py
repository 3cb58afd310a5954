"""Several small, index-served "newest N" queries sent as one SQL statement.

Django cannot put LIMIT inside a UNION on SQLite, and `pk IN (subquery) OR ...` makes
PostgreSQL scan the whole table. Wrapping each limited query as a derived table and joining
them with UNION ALL keeps every part on its index, in one round trip, on both databases.
"""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import QuerySet

Statement = tuple[str, list[object]]


def union_statement(querysets: Sequence[QuerySet]) -> Statement:
    """One UNION ALL of every queryset (values_list of the same width), as SQL and params;
    "" for none."""
    parts: list[str] = []
    params: list[object] = []
    for number, queryset in enumerate(querysets):
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{number}")  # noqa: S608 - compiled by Django
        params.extend(query_params)
    return " UNION ALL ".join(parts), params


def run(statement: Statement, model: type) -> list[tuple]:
    """The rows of a statement from union_statement, read where the model's reads go (a
    reader page's go to the replica when there is one)."""
    sql, params = statement
    if not sql:
        return []
    with connections[router.db_for_read(model)].cursor() as cursor:
        # Only SQL compiled by Django from querysets is run here; values stay parameters.
        cursor.execute(sql, params)
        return cursor.fetchall()


def union_all(querysets: Sequence[QuerySet]) -> list[tuple]:
    """Rows of every queryset (values_list of the same width), in one statement."""
    if not querysets:
        return []
    return run(union_statement(querysets), querysets[0].model)
