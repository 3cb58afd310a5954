"""Webhooks: an endpoint on another site (127.0.0.2) is told of each event, signed, retried
with backoff for a day, and never slows the action that caused it."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.origin import Answer
from warta.news import actions, webhooks
from warta.news.management.commands.worker import run_periodic
from warta.news.models import Webhook, WebhookDelivery
from warta.test import make_article, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]
E = Webhook.Event


@pytest.fixture
def editor(db):
    return make_staff("redaktur", "editor")


def endpoint(origin, *events, answer=None):
    origin["/hook"] = answer or Answer(204)
    hook = Webhook(url=f"{origin.url}/hook", description="Aplikasi mitra", events=list(events))
    return actions.save_webhook(hook, by=None)


def test_publish_is_delivered_signed(origin, editor, django_capture_on_commit_callbacks):
    hook = endpoint(origin, E.PUBLISHED, E.UNPUBLISHED)
    article = make_article("Sungai Meluap di Hulu", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(article, by=editor)
    asked = origin.asked[-1]
    body = json.loads(asked.body)
    assert body["event"] == "article.published"
    assert body["article"]["headline"] == "Sungai Meluap di Hulu"
    assert body["article"]["url"].startswith("https://warta.example/")
    expected = hmac.new(
        hook.secret.encode(),
        asked.headers["x-warta-timestamp"].encode() + b"." + asked.body,
        hashlib.sha256,
    ).hexdigest()
    assert asked.headers["x-warta-signature"] == f"sha256={expected}"
    assert asked.headers["x-warta-delivery"] == body["id"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 204, 1)


def test_only_the_events_asked_for(origin, editor, django_capture_on_commit_callbacks):
    article = make_article("Harga Gula Stabil")
    endpoint(origin, E.CORRECTED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(article, by=editor, reason="Keliru")
    assert WebhookDelivery.objects.count() == 0


def test_each_kind_of_event(origin, editor, django_capture_on_commit_callbacks):
    article = make_article("Jembatan Baru Diresmikan")
    endpoint(origin, *E.values)
    with django_capture_on_commit_callbacks(execute=True):
        data = {**actions.revisions.snapshot(article), "headline": "Jembatan Baru Resmi Dibuka"}
        actions.save_article(
            article, by=editor, data=data, base_revision=article.current_revision_id
        )
        actions.correct_article(
            article, by=editor, kind="koreksi", text="Nama jembatan diperbaiki."
        )
        actions.unpublish_article(article, by=editor, reason="Ditarik")
        actions.publish_article(article, by=editor)
        actions.delete_article(article, by=editor)
    events = list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))
    assert events == [
        "article.updated",
        "article.corrected",
        "article.unpublished",
        "article.published",
        "article.deleted",
    ]


def test_a_rolled_back_action_sends_nothing(origin, editor):
    endpoint(origin, E.PUBLISHED)
    article = make_article("Draf", status="draft")
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        actions.publish_article(article, by=editor)
        raise RuntimeError("the save failed")
    assert WebhookDelivery.objects.count() == 0


def test_a_failing_endpoint_is_retried_with_backoff_then_given_up(
    origin, editor, django_capture_on_commit_callbacks
):
    endpoint(origin, E.PUBLISHED, answer=Answer(503, b"sibuk"))
    article = make_article("Kabut Asap Menipis", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(article, by=editor)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 503)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic()  # not due yet: nothing sent
    assert len(origin.asked) == 1
    start = timezone.now()
    for hours in (0.1, 0.5, 1, 3, 6, 12, 18, 25):
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                run_periodic()
            delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.finished_at is not None
    assert 5 <= delivery.attempts <= 9
    assert len({a.headers["x-warta-delivery"] for a in origin.asked}) == 1  # same event id


def test_an_endpoint_inside_the_network_is_refused(editor, django_capture_on_commit_callbacks):
    hook = actions.save_webhook(
        Webhook(url="http://10.0.0.9/hook", description="Dalam", events=[E.PUBLISHED]), by=None
    )
    article = make_article("Uji", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(article, by=editor)
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert "jaringan privat" in delivery.error and delivery.status == "pending"


def test_the_websub_hub_is_pinged_and_named_in_the_feeds(
    origin, editor, settings, client, django_capture_on_commit_callbacks
):
    origin["/hub"] = Answer(204)
    settings.WARTA_WEBSUB_HUB = f"{origin.url}/hub"
    article = make_article("Panen Raya Dimulai", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(article, by=editor)
    pings = [a.body.decode() for a in origin.asked if a.path == "/hub"]
    assert "hub.mode=publish&hub.url=https%3A%2F%2Fwarta.example%2Ffeed%2F" in pings
    assert f'href="{origin.url}/hub" rel="hub"' in client.get("/feed/").content.decode()
    assert f'href="{origin.url}/hub" rel="hub"' in client.get("/feed/atom/").content.decode()


def test_sign_is_what_receivers_compute():
    assert (
        webhooks.sign("rahasia", "1700000000", b"{}")
        == hmac.new(b"rahasia", b"1700000000.{}", hashlib.sha256).hexdigest()
    )
