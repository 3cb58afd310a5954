import logging
import os
import signal
import time
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from warta.media import renditions
from warta.media.models import Image
from warta.news import actions
from warta.news.models import Article

logger = logging.getLogger("warta.worker")
# Seconds between two looks at the task queue: a new photo's crops are ready this soon.
TASK_POLL = 0.5


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


def task_worker() -> Worker:
    """django-tasks-db's worker, in batch mode: each call to run() does every task that is
    ready (each claimed under a lock, so two workers never run the same one), then returns."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"warta-{os.getpid()}",
        excluded_queue_names=[],
    )


def run_periodic() -> None:
    """The periodic jobs other apps ask for (WARTA_PERIODIC: wire polling, webhook retries),
    each on its own, so one failing job does not stop the others or the publishing."""
    for path in settings.WARTA_PERIODIC:
        try:
            import_string(path)()
        except Exception:  # noqa: BLE001 - logged; the next sweep tries again
            logger.exception("periodic job %s failed", path)


def sweep(now: datetime | None = None) -> tuple[int, int, int]:
    """The periodic work: due articles, renditions no task made, old read counters, and the
    jobs in WARTA_PERIODIC."""
    done = publish_due(now), make_missing_renditions(), actions.purge_old_views()
    run_periodic()
    return done


class Command(BaseCommand):
    help = (
        "Background work: run queued tasks (photo renditions) within a second, and every "
        "--interval seconds publish due articles, make missing renditions and forget old read "
        "counts. Several workers may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=15.0,
            help="seconds between two sweeps for due articles (default 15)",
        )
        parser.add_argument(
            "--once", action="store_true", help="run the queued tasks and one sweep, then stop"
        )

    def handle(self, *args: object, interval: float, once: bool, **options: object) -> None:
        running = True
        tasks = task_worker()

        def stop(*_: object) -> None:
            nonlocal running
            running = False
            tasks.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("worker started")
        next_sweep = 0.0
        while running:
            close_old_connections()
            tasks.running = True
            tasks.run()
            if time.monotonic() >= next_sweep:
                published, made, purged = sweep()
                next_sweep = time.monotonic() + interval
                if published or made or purged:
                    logger.info(
                        "sweep: %s published, %s renditions, %s old counters purged",
                        published,
                        made,
                        purged,
                    )
            if once:
                break
            time.sleep(TASK_POLL)
        logger.info("worker stopped")
