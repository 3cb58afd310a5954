"""The only place that decides which article a given person may see.

Readers get published articles only; whatever else exists stays a 404 to them, so its
existence is not revealed.
"""

from django.db.models import Prefetch
from django.http import Http404

from warta.news.models import Article, ArticleQuerySet, ArticleWriter


def article_page_queryset() -> ArticleQuerySet:
    """Everything the article page shows, in three queries whatever the article."""
    return Article.objects.select_related(
        "section", "section__parent", "hero_image", "hero_image__photographer", "editor", "topic"
    ).prefetch_related(
        Prefetch(
            "article_writers",
            queryset=ArticleWriter.objects.select_related("person").order_by("position"),
        ),
        "tags",
    )


def get_published_article(pk: int) -> Article:
    """The article as a reader may see it, or Http404."""
    try:
        return article_page_queryset().published().get(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
