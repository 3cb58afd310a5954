"""Each tag's and person's newest publication, kept on their rows.

The tags and people sitemaps give each tag and writer a lastmod, their newest publication. Read
from the articles, that is every tagging and byline of the archive: 2.1 s for a page of the
tags sitemap at 1,000,000 articles. So news.actions keeps it on the rows, in the transaction of
every change that can move it (content_changed names the tags and people a change touched,
before and after it). A publication can only move it forward: one UPDATE. A story leaving (its
tag or byline taken off, unpublished, deleted, dated earlier) matters only when it held the
newest date, which one lookup on the articles' (status, published_at) index tells; only then
are all of the tag's stories read again.

Articles whose status is published count whatever their date, so that a story dated ahead (an
import) needs nothing more when its time comes; the sitemaps never show a date past now.

The statements are written out rather than built as querysets: building them cost about 3 ms
of Python a publication, more than the database's work, and an import publishes every post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection

from warta.news.models import Article, ArticleWriter, Person, Tag

ARTICLES = Article._meta.db_table
PUBLISHED = Article.Status.PUBLISHED


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


@dataclass(frozen=True)
class _Listing:
    """A model whose rows list articles, the table linking them (its column naming the row),
    and the freshness key's prefix naming a row."""

    model: type[Tag] | type[Person]
    links: str
    owner: str
    key: str

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def _links(self, condition: str = "") -> str:
        """The updated row's links to published articles `a` that meet `condition` (one
        parameter: the published status). Table and column names only: no input."""
        return (
            f"FROM {self.links} l JOIN {ARTICLES} a ON a.id = l.article_id "  # noqa: S608
            f"WHERE l.{self.owner} = {self.table}.id AND a.status = %s{condition}"
        )

    def newest(self) -> str:
        return f"(SELECT MAX(a.published_at) {self._links()})"

    def forward(self, count: int) -> str:
        """Rows among `count` ids linked to an article: its date, where it is newer."""
        return (
            f"UPDATE {self.table} SET last_published_at = %s "  # noqa: S608 - names, no input
            f"WHERE id IN ({_marks(count)}) "
            f"AND id IN (SELECT {self.owner} FROM {self.links} WHERE article_id = %s) "
            "AND (last_published_at IS NULL OR last_published_at < %s)"
        )

    def again(self, count: int) -> str:
        """Rows among `count` ids whose date no published article holds any more: found
        again (parameters: the status, the ids, the status)."""
        held = self._links(f" AND a.published_at = {self.table}.last_published_at")
        return (
            f"UPDATE {self.table} SET last_published_at = {self.newest()} "  # noqa: S608
            f"WHERE id IN ({_marks(count)}) AND last_published_at IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 {held})"
        )


LISTINGS = (
    _Listing(Tag, Article.tags.through._meta.db_table, "tag_id", "tag:"),
    _Listing(Person, ArticleWriter._meta.db_table, "person_id", "person:"),
)


def follow(articles: Sequence[Article], keys: Iterable[str]) -> None:
    """After a change to `articles` (as saved), the newest publication of the tags and people
    that `keys` name (freshness keys: those the articles were and are on)."""
    keys = set(keys)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for listing in LISTINGS:
            ids = sorted(
                int(key[len(listing.key) :]) for key in keys if key.startswith(listing.key)
            )
            if not ids:
                continue
            for article in articles:
                if article.status == PUBLISHED and article.published_at is not None:
                    at = adapt(article.published_at)
                    cursor.execute(listing.forward(len(ids)), [at, *ids, article.pk, at])
            cursor.execute(listing.again(len(ids)), [PUBLISHED, *ids, PUBLISHED])


def recount(model: type[Tag] | type[Person], ids: Iterable[int] | None = None) -> None:
    """Find the newest publication again from the articles: for the rows `ids` names (after
    two people are merged, say), or all (after a bulk load that went around news.actions)."""
    listing = next(listing for listing in LISTINGS if listing.model is model)
    chosen = [] if ids is None else sorted(ids)
    sql = f"UPDATE {listing.table} SET last_published_at = {listing.newest()}"  # noqa: S608
    if ids is not None:
        if not chosen:
            return
        sql += f" WHERE id IN ({_marks(len(chosen))})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [PUBLISHED, *chosen])
