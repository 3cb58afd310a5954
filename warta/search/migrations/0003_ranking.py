"""Ranking reads the head (headline, summary and keywords terms) from search_document, the same
on both backends; matching uses terms (and pairs of terms side by side) without positions,
which answer "does it have these words" without reading positions: FTS5 with detail=none on
SQLite, tsvectors without positions with GIN indexes on PostgreSQL (the vector with positions
is then read for phrases only).
Run `warta search rebuild` after this migration on a database that already had articles.
"""

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE search_terms USING fts5("
    "terms, tokenize = 'ascii', detail = none, columnsize = 0)",
    "INSERT INTO search_terms (rowid, terms) SELECT rowid, "
    "replace(headline || ' ' || summary || ' ' || body, '·', ' ') FROM search_text",
    "DROP TABLE search_head",
]
SQLITE_REVERSE = [
    "DROP TABLE search_terms",
    "CREATE VIRTUAL TABLE search_head USING fts5("
    "headline, summary, keywords, tokenize = 'ascii', columnsize = 0)",
]
POSTGRES = [
    "ALTER TABLE search_document ADD COLUMN terms tsvector",
    "UPDATE search_document SET terms = strip(vector)",
    "DROP INDEX search_document_vector",
    "CREATE INDEX search_document_terms ON search_document USING gin (terms)",
    "ALTER TABLE search_document ADD COLUMN pairs tsvector",
    "CREATE INDEX search_document_pairs ON search_document USING gin (pairs)",
    "ALTER TABLE search_document DROP COLUMN head",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_document ADD COLUMN head tsvector",
    "ALTER TABLE search_document DROP COLUMN pairs",
    "DROP INDEX search_document_terms",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "ALTER TABLE search_document DROP COLUMN terms",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_starter_synonyms'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='headline',
            field=models.TextField(default=''),
        ),
        migrations.AddField(
            model_name='document',
            name='keywords',
            field=models.TextField(default=''),
        ),
        migrations.AddField(
            model_name='document',
            name='summary',
            field=models.TextField(default=''),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
