import logging
import signal
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone

from warta.media import renditions
from warta.media.models import Image
from warta.news import actions
from warta.news.models import Article

logger = logging.getLogger("warta.worker")


def publish_due(now: datetime | None = None) -> int:
    """Publish every scheduled article whose time has come, oldest first, each exactly once."""
    count = 0
    due = Article.objects.filter(
        status=Article.Status.SCHEDULED, published_at__lte=now or timezone.now()
    )
    for article in due.order_by("published_at", "pk"):
        try:
            published = actions.publish_scheduled(article, now=now)
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the others
            logger.exception("scheduled article %s failed", article.pk)
            actions.record_schedule_failure(article, error=str(error))
            continue
        if published:
            logger.info("published scheduled article %s: %s", article.pk, article.headline)
            count += 1
    return count


def make_missing_renditions() -> int:
    count = 0
    for image in Image.objects.exclude(rendition_version=F("version")).iterator():
        count += renditions.refresh(image)
    return count


class Command(BaseCommand):
    help = "Background work: publish scheduled articles, make renditions, forget old read counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=15.0, help="seconds between rounds (default 15)"
        )
        parser.add_argument("--once", action="store_true", help="do one round, then stop")

    def handle(self, *args: object, interval: float, once: bool, **options: object) -> None:
        running = True

        def stop(*_: object) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("worker started")
        while running:
            close_old_connections()
            published = publish_due()
            made = make_missing_renditions()
            purged = actions.purge_old_views()
            if published or made or purged:
                logger.info(
                    "round: %s published, %s renditions, %s old counters purged",
                    published,
                    made,
                    purged,
                )
            if once:
                break
            slept = 0.0
            while running and slept < interval:
                time.sleep(0.5)
                slept += 0.5
        logger.info("worker stopped")
