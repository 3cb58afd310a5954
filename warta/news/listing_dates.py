"""Each tag's and person's newest publication, kept on their rows.

The tags and people sitemaps give each tag and writer a lastmod, their newest publication. Read
from the articles, that is every tagging and byline of the archive: 3.2 s for a page of the
tags sitemap at 1,000,000 articles. So news.actions keeps it on the rows, in the transaction of
every change that can move it (content_changed names the tags and people a change touched,
before and after it). A publication can only move it forward: one UPDATE. A story leaving (its
tag or byline taken off, unpublished, deleted) matters only when it held the newest date, which
one lookup on the articles' (status, published_at) index tells; only then are all of the tag's
stories read again.

Articles whose status is published count whatever their date, so that a story dated ahead (an
import) needs nothing more when its time comes; the sitemaps never show a date past now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, Max, Model, OuterRef, Subquery

from warta.news.models import Article, ArticleWriter, Person, Tag

PUBLISHED = Article.Status.PUBLISHED


@dataclass(frozen=True)
class _Listing:
    """A model whose rows list articles, the table linking them, and the key naming a row."""

    model: type[Tag] | type[Person]
    links: type[Model]
    owner: str
    key: str

    def newest(self) -> Subquery:
        """The newest publication of the row OuterRef("pk") names."""
        published = self.links.objects.filter(  # type: ignore[attr-defined]
            **{self.owner: OuterRef("pk")}, article__status=PUBLISHED
        )
        return Subquery(
            published.order_by()
            .values(self.owner)
            .annotate(newest=Max("article__published_at"))
            .values("newest")
        )


LISTINGS = (
    _Listing(Tag, Article.tags.through, "tag", "tag:"),
    _Listing(Person, ArticleWriter, "person", "person:"),
)


def follow(articles: Sequence[Article], keys: Iterable[str]) -> None:
    """After a change to `articles` (as saved), the newest publication of the tags and people
    that `keys` name (freshness keys: those the articles were and are on)."""
    keys = set(keys)
    for listing in LISTINGS:
        ids = {int(key[len(listing.key) :]) for key in keys if key.startswith(listing.key)}
        if not ids:
            continue
        rows = listing.model.objects.filter(pk__in=ids)
        for article in articles:
            if article.status == PUBLISHED and article.published_at is not None:
                linked = listing.links.objects.filter(article_id=article.pk)  # type: ignore[attr-defined]
                rows.filter(pk__in=linked.values(f"{listing.owner}_id")).exclude(
                    last_published_at__gte=article.published_at
                ).update(last_published_at=article.published_at)
        held = listing.links.objects.filter(  # type: ignore[attr-defined]
            **{listing.owner: OuterRef("pk")},
            article__status=PUBLISHED,
            article__published_at=OuterRef("last_published_at"),
        )
        rows.filter(last_published_at__isnull=False).filter(~Exists(held)).update(
            last_published_at=listing.newest()
        )


def recount(model: type[Tag] | type[Person], ids: Iterable[int] | None = None) -> None:
    """Find the newest publication again from the articles: for the rows `ids` names (after
    two people are merged, say), or all (after a bulk load that went around news.actions)."""
    listing = next(listing for listing in LISTINGS if listing.model is model)
    rows = model.objects.all() if ids is None else model.objects.filter(pk__in=list(ids))
    rows.update(last_published_at=listing.newest())
