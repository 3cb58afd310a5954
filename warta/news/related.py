"""Berita Terkait: which published articles to offer after an article."""

from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db.models import IntegerField, Value

from warta.news import freshness
from warta.news.models import Article
from warta.news.queries import union_all

LIMIT = 6
# Per tag, only its newest taggings are considered: enough to find the closest recent stories
# without counting across the whole archive.
PER_TAG = 50


def related_articles(article: Article, limit: int = LIMIT) -> list[Article]:
    """Same topic first, then most shared tags, then same section; newest first within each.

    The chosen articles, as their cards show them, are kept in the cache while nothing
    changes among the candidates: every one of them shares the article's topic, a tag or its
    section, and any change to an article (its text, its photo's renditions) makes stale the
    keys of its topic, tags and section (freshness.article_keys); site-wide changes (a
    section renamed, a photo's credit) make stale everything. So the page rendered again
    after its time ran out, or after a change to it alone (a live update), costs no query
    here; after an edit to the article, three.
    """
    shape = (article.topic_id, article.section_id, tuple(tag.pk for tag in article.tags.all()))
    keys = _candidate_keys(*shape)
    # "cards": entries of earlier versions held ids, not cards.
    name = f"warta:related-cards:{article.pk}:{limit}"
    found = freshness.read(freshness.names(keys), name)
    stored = found.pop(name, None)
    if stored is not None and stored[0] == shape and freshness.fresh(keys, stored[2], found):
        return stored[1]
    since = freshness.now()
    chosen = _choose(article, shape[2], limit)
    cards = Article.objects.for_listing().in_bulk(chosen)
    related = [cards[pk] for pk in chosen if pk in cards]
    freshness.remember(keys, since)
    # Time alone makes an article dated in the future visible: as long as a page.
    cache.set(name, (shape, related, since), timeout=settings.WARTA_PAGE_MAX_AGE * 10)
    return related


def _candidate_keys(topic_id: int | None, section_id: int, tag_ids: tuple[int, ...]) -> list[str]:
    keys = [f"section:{section_id}", *(f"tag:{pk}" for pk in tag_ids)]
    return [f"topic:{topic_id}", *keys] if topic_id else keys


def _choose(article: Article, tag_ids: tuple[int, ...], limit: int) -> list[int]:
    """Two queries whatever the size of the archive: one UNION of small indexed "newest N"
    lookups for candidates, one reading only what ranks them (a few columns of up to a few
    hundred rows); the caller fetches the chosen few with all a card shows."""
    published = Article.objects.published().exclude(pk=article.pk)
    no_tag = Value(0, output_field=IntegerField())  # tag ids start at 1
    lookups = []
    if article.topic_id:
        lookups.append(
            published.filter(topic_id=article.topic_id)
            .newest()
            .annotate(t=no_tag)
            .values_list("pk", "t")[:limit]
        )
    through = Article.tags.through
    for tag_id in tag_ids:
        lookups.append(
            through.objects.filter(tag_id=tag_id)
            .exclude(article_id=article.pk)
            .order_by("-article_id")
            .values_list("article_id", "tag_id")[:PER_TAG]
        )
    lookups.append(
        published.filter(section_id=article.section_id)
        .newest()
        .annotate(t=no_tag)
        .values_list("pk", "t")[:limit]
    )
    rows = union_all(lookups)
    shared = Counter(pk for pk, tag in rows if tag)
    candidates = {pk for pk, _tag in rows}
    candidates.discard(article.pk)
    # Rank on the few columns that decide it; filtering on status in SQL would lead SQLite's
    # planner onto the publication index (see ArticleQuerySet.published_among).
    facts = Article.objects.filter(pk__in=list(candidates)).values_list(
        "pk", "topic_id", "section_id", "published_at", "status"
    )
    live = Article(status=Article.Status.PUBLISHED)

    def rank(row: tuple) -> tuple:
        pk, topic_id, section_id, published_at, _status = row
        return (
            topic_id is not None and topic_id == article.topic_id,
            shared[pk],
            section_id == article.section_id,
            published_at,
            pk,
        )

    def readable(row: tuple) -> bool:
        live.status, live.published_at = row[4], row[3]
        return live.is_published

    return [row[0] for row in sorted(filter(readable, facts), key=rank, reverse=True)[:limit]]
