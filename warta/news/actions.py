"""Every change to the newsroom's content that has side effects.

Each action is one transaction. What lives outside the database (cache invalidation) runs
on commit, so a rolled-back action leaves no trace and a committed one is seen at once.
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from warta.news import freshness
from warta.news.models import Article, ArticleView

User = AbstractBaseUser | AnonymousUser | None


def content_changed() -> None:
    """Every reader page is stale once the current transaction commits."""
    transaction.on_commit(freshness.bump)


@transaction.atomic
def publish_article(article: Article, *, by: User, at: datetime | None = None) -> Article:
    """Publish now, or with an explicit publication time (imports, the demo newsroom)."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    if article.updated_at is None or article.updated_at < article.published_at:
        article.updated_at = article.published_at
    article.save(update_fields=["status", "published_at", "updated_at", "modified_at"])
    content_changed()
    return article


@transaction.atomic
def unpublish_article(article: Article, *, by: User) -> Article:
    article.status = Article.Status.UNPUBLISHED
    article.is_headline = False
    article.breaking_until = None
    article.save(update_fields=["status", "is_headline", "breaking_until", "modified_at"])
    content_changed()
    return article


@transaction.atomic
def set_breaking(article: Article, *, by: User, until: datetime | None) -> Article:
    article.breaking_until = until
    article.save(update_fields=["breaking_until", "modified_at"])
    content_changed()
    return article


def record_article_view(article_id: int, *, at: datetime | None = None) -> None:
    """Add one read to the article's counter for the current hour."""
    hour = (at or timezone.now()).replace(minute=0, second=0, microsecond=0)
    for _attempt in range(2):
        with transaction.atomic():
            updated = ArticleView.objects.filter(article_id=article_id, hour=hour).update(
                count=F("count") + 1
            )
            if updated:
                return
            try:
                with transaction.atomic():
                    ArticleView.objects.create(article_id=article_id, hour=hour, count=1)
                return
            except IntegrityError:
                continue  # another request created the row first: count on it


def purge_old_views(*, older_than: timedelta = timedelta(days=14)) -> int:
    deleted, _ = ArticleView.objects.filter(hour__lt=timezone.now() - older_than).delete()
    return deleted
