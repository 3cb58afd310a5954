"""Berita Terkait: which published articles to offer after an article."""

from collections import Counter

from django.db.models import IntegerField, Value

from warta.news.models import Article
from warta.news.queries import union_all

LIMIT = 6
# Per tag, only its newest taggings are considered: enough to find the closest recent stories
# without counting across the whole archive.
PER_TAG = 50


def related_articles(article: Article, limit: int = LIMIT) -> list[Article]:
    """Same topic first, then most shared tags, then same section; newest first within each.

    Two queries whatever the size of the archive: one UNION of small indexed "newest N"
    lookups for candidates, one to fetch them.
    """
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
    tag_ids = [tag.pk for tag in article.tags.all()]
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
    found = Article.objects.for_listing().published_among(candidates)

    def rank(other: Article) -> tuple:
        return (
            other.topic_id is not None and other.topic_id == article.topic_id,
            shared[other.pk],
            other.section_id == article.section_id,
            other.published_at,
            other.pk,
        )

    return sorted(found, key=rank, reverse=True)[:limit]
