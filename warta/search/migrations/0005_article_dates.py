"""PostgreSQL: an index that gives an article's status and dates from its id alone.

A search whose words are rare collects their articles from the GIN index, then keeps the
newest published (backends.PostgresBackend.newest, the "matches" way): it needs each match's
status and dates, which this index gives in an index-only scan, where reading each article's
row took a third of the query's time for ten thousand matches (bench/search.py, 100,000
articles). It belongs to the search, which alone uses it, so it lives here rather than among
news' indexes. SQLite finds an article by its id in the table's own b-tree and has no use for
it.
"""

from django.db import migrations

POSTGRES = [
    "CREATE INDEX search_article_dates ON news_article (id)"
    " INCLUDE (status, published_at, created_at)",
]
POSTGRES_REVERSE = ["DROP INDEX search_article_dates"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_vectors")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
