"""PostgreSQL: the tsvectors move out of search_document into search_vectors, a narrow table,
and the pairs join the terms in one tsvector, as they share search_terms on SQLite; the terms
alone stay beside them, for reading one article's (backends.PostgresBackend).

Why: a tsvector of a few kilobytes is stored out of line (TOAST), and the planner does not
count what reading it costs. Beside the head columns, search_document's rows were wide, so a
bitmap scan of a GIN index cost as much as a sequential scan in the planner's sums, which
then read every article's terms out of line: up to 50 times slower (a 100,000-article
archive, bench/search.py). In a table of an id and three TOAST pointers (toast_tuple_target
128 keeps them out of line, STORAGE EXTERNAL skips compressing what does not compress), the
heap is a few pages per thousand articles, and collecting a term's articles from the GIN
index is cheap. With the pairs among the terms, a query with words and phrases is one
tsquery, which the GIN index answers alone, where two indexes had the planner check one
column row by row. The statistics cover more lexemes (1000: ten thousand most common
elements), so that the planner knows how many articles a middling term has.

Nothing changes on SQLite, and no rebuild is needed: the rows are copied.
"""

from django.db import migrations

POSTGRES = [
    # No foreign key: Django's flush (tests) truncates search_document alone, which one would
    # forbid. Like the FTS5 tables, search_vectors is kept in step by backends.py, and a row
    # left by a deleted article matches nothing, as searches start from news_article.
    "CREATE TABLE search_vectors ("
    " article_id bigint PRIMARY KEY,"
    " terms tsvector NOT NULL, terms_only tsvector NOT NULL, vector tsvector NOT NULL"
    ") WITH (toast_tuple_target = 128)",
    "ALTER TABLE search_vectors ALTER COLUMN terms SET STORAGE EXTERNAL,"
    " ALTER COLUMN terms_only SET STORAGE EXTERNAL, ALTER COLUMN vector SET STORAGE EXTERNAL,"
    " ALTER COLUMN terms SET STATISTICS 1000",
    "INSERT INTO search_vectors (article_id, terms, terms_only, vector) SELECT article_id,"
    " COALESCE(terms, '') || COALESCE(pairs, ''), COALESCE(terms, ''), COALESCE(vector, '')"
    " FROM search_document",
    "CREATE INDEX search_vectors_terms ON search_vectors USING gin (terms)",
    "ALTER TABLE search_document DROP COLUMN terms, DROP COLUMN pairs, DROP COLUMN vector",
    # Dropped columns keep their space until the rows are written again: rewrite them now.
    "CLUSTER search_document USING search_document_pkey",
    "ANALYZE search_vectors",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_document ADD COLUMN vector tsvector, ADD COLUMN terms tsvector,"
    " ADD COLUMN pairs tsvector",
    # The pairs are what terms has beyond terms_only.
    "UPDATE search_document d SET vector = v.vector, terms = v.terms_only,"
    " pairs = ts_delete(v.terms, tsvector_to_array(v.terms_only))"
    " FROM search_vectors v WHERE v.article_id = d.article_id",
    "CREATE INDEX search_document_terms ON search_document USING gin (terms)",
    "CREATE INDEX search_document_pairs ON search_document USING gin (pairs)",
    "DROP TABLE search_vectors",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_ranking")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
