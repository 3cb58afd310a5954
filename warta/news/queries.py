"""Several small, index-served "newest N" queries sent as one SQL statement.

Django cannot put LIMIT inside a UNION on SQLite, and `pk IN (subquery) OR ...` makes
PostgreSQL scan the whole table. Wrapping each limited query as a derived table and joining
them with UNION ALL keeps every part on its index, in one round trip, on both databases.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet


def union_all(querysets: Sequence[QuerySet]) -> list[tuple]:
    """Rows of every queryset (values_list of the same width), in one statement."""
    parts: list[str] = []
    params: list[object] = []
    for number, queryset in enumerate(querysets):
        sql, query_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{number}")  # noqa: S608 - compiled by Django
        params.extend(query_params)
    if not parts:
        return []
    with connection.cursor() as cursor:
        # Only SQL compiled by Django from querysets is joined here; values stay parameters.
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()
