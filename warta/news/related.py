"""Berita Terkait: which published articles to offer after an article."""

from django.db.models import Count

from warta.news.models import Article

LIMIT = 6


def related_articles(article: Article, limit: int = LIMIT) -> list[Article]:
    """Same topic first, then most shared tags, then same section; newest first within each.

    At most three bounded queries, each served by an index, whatever the size of the archive.
    """
    base = Article.objects.published().for_listing().exclude(pk=article.pk)
    picked: list[Article] = []
    if article.topic_id:
        picked += base.filter(topic_id=article.topic_id).newest()[:limit]
    tag_ids = [tag.pk for tag in article.tags.all()]
    if len(picked) < limit and tag_ids:
        picked += (
            base.filter(tags__in=tag_ids)
            .exclude(pk__in=[a.pk for a in picked])
            .annotate(shared=Count("tags"))
            .order_by("-shared", "-published_at", "-pk")[: limit - len(picked)]
        )
    if len(picked) < limit:
        picked += (
            base.filter(section_id=article.section_id)
            .exclude(pk__in=[a.pk for a in picked])
            .newest()[: limit - len(picked)]
        )
    return picked
