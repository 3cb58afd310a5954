"""Telling other systems what happened to an article: webhooks, and the WebSub hub.

An action that publishes, updates, unpublishes, corrects or deletes an article calls queue()
inside its transaction: one delivery row per subscribed endpoint, so the event is recorded
exactly when the change is. Once the transaction commits, the worker delivers each one
(deliver_webhook): a signed POST through the fetch guard, retried with growing pauses for a day
until the endpoint answers 2xx. The desk never waits on an endpoint, and a slow or failing one
slows nothing but its own deliveries. Receivers deduplicate on the delivery's event id, which
stays the same across retries.

Signature: `X-Warta-Signature: sha256=<hex>` where hex is HMAC-SHA256 with the endpoint's
secret over `<X-Warta-Timestamp>.<body>`; receivers should refuse timestamps older than five
minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from warta.lib.fetch import FetchError, fetch
from warta.news.models import Article, Webhook, WebhookDelivery

logger = logging.getLogger("warta.webhooks")

# Pauses between attempts; a delivery is given up a day after its event.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
GIVE_UP_AFTER = timedelta(days=1)
# A delivery handed to the worker is not handed out again for this long, unless it fails.
LEASE = timedelta(minutes=5)
TIMEOUT = 10.0
D = WebhookDelivery.Status


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _payload(event: str, article: Article, event_id: uuid.UUID, at: datetime) -> dict[str, Any]:
    deleted = event == Webhook.Event.TAKEN_DOWN
    return {
        "id": str(event_id),
        "event": event,
        "created_at": at.isoformat(),
        "article": {
            "id": article.pk,
            "headline": article.headline,
            "status": "deleted" if deleted else article.status,
            "url": f"{settings.SITE_URL}{article.get_absolute_url()}",
            "published_at": article.published_at.isoformat() if article.published_at else None,
            "updated_at": article.updated_at.isoformat() if article.updated_at else None,
            "api": f"{settings.SITE_URL}/api/v1/articles/{article.pk}",
        },
    }


def queue(event: str, article: Article) -> None:
    """Record the event for every active endpoint that asked for it, in the caller's
    transaction; the worker is told once it commits."""
    hooks = [hook for hook in Webhook.objects.filter(active=True) if event in hook.events]
    if hooks:
        now = timezone.now()
        event_id = uuid.uuid4()
        payload = _payload(event, article, event_id, now)
        made = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                webhook=hook,
                event_id=event_id,
                event=event,
                payload=payload,
                next_attempt_at=now + LEASE,
                created_at=now,
            )
            for hook in hooks
        )
        for delivery in made:
            transaction.on_commit(partial(deliver_webhook.enqueue, delivery.pk))
    if event in (Webhook.Event.PUBLISHED, Webhook.Event.UPDATED) and settings.WARTA_WEBSUB_HUB:
        transaction.on_commit(ping_hub.enqueue)


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """One attempt at one delivery; True when the endpoint took it."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook")
        .filter(pk=delivery_id, status=D.PENDING)
        .first()
    )
    return deliver(delivery) if delivery is not None else False


def deliver(delivery: WebhookDelivery) -> bool:
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Warta-Event": delivery.event,
        "X-Warta-Delivery": str(delivery.event_id),
        "X-Warta-Timestamp": stamp,
        "X-Warta-Signature": f"sha256={sign(delivery.webhook.secret, stamp, body)}",
    }
    started = time.monotonic()
    code, error = None, ""
    try:
        answer = fetch(
            delivery.webhook.url,
            method="POST",
            body=body,
            headers=headers,
            timeout=TIMEOUT,
            max_bytes=64 * 1024,
            max_redirects=0,
        )
        code = answer.status
        if not answer.ok:
            error = f"HTTP {answer.status}"
    except FetchError as failure:
        error = str(failure)
    took = int((time.monotonic() - started) * 1000)
    now = timezone.now()
    fields: dict[str, Any] = {
        "attempts": delivery.attempts + 1,
        "response_code": code,
        "error": error[:300],
        "duration_ms": took,
    }
    if not error:
        fields.update(status=D.DELIVERED, finished_at=now)
    else:
        pause = BACKOFF[min(delivery.attempts, len(BACKOFF) - 1)]
        if now + pause > delivery.created_at + GIVE_UP_AFTER:
            fields.update(status=D.FAILED, finished_at=now)
        else:
            fields.update(next_attempt_at=now + pause)
        logger.warning(
            "webhook %s (%s): %s, attempt %s",
            delivery.webhook_id,
            delivery.event,
            error,
            delivery.attempts + 1,
        )
    WebhookDelivery.objects.filter(pk=delivery.pk, status=D.PENDING).update(**fields)
    return not error


@transaction.atomic
def enqueue_due() -> int:
    """Called by the worker's sweep: retries whose pause is over, and deliveries whose worker
    died (their lease ran out), each handed out once."""
    now = timezone.now()
    due = list(
        WebhookDelivery.objects.select_for_update(skip_locked=True)
        .filter(status=D.PENDING, next_attempt_at__lte=now)
        .values_list("pk", flat=True)[:500]
    )
    WebhookDelivery.objects.filter(pk__in=due).update(next_attempt_at=now + LEASE)
    for pk in due:
        transaction.on_commit(partial(deliver_webhook.enqueue, pk))
    return len(due)


@task()
def ping_hub() -> int:
    """Tell the WebSub hub the site's feeds changed, so subscribers fetch them at once."""
    feeds = [f"{settings.SITE_URL}/feed/", f"{settings.SITE_URL}/feed/atom/"]
    pinged = 0
    for feed in feeds:
        body = urlencode({"hub.mode": "publish", "hub.url": feed}).encode()
        try:
            answer = fetch(
                settings.WARTA_WEBSUB_HUB,
                method="POST",
                body=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=TIMEOUT,
                max_bytes=64 * 1024,
            )
        except FetchError as error:
            logger.warning("WebSub hub %s: %s", settings.WARTA_WEBSUB_HUB, error)
            continue
        pinged += answer.ok
    return pinged
