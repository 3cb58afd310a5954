"""actions.publish_article: live at once on every reader page; twice is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.search.query import search
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_puts_it_on_the_pages_search_and_feed(client):
    editor = make_staff("redaktur", "editor")
    draft = make_article("Festival layang-layang di Sanur", status="draft")
    assert client.get("/feed/").content.decode().count("layang-layang") == 0
    live = actions.publish_article(draft, by=editor, note="ok", ip="192.0.2.9")
    assert live.status == Article.Status.PUBLISHED
    assert live.first_published_at == live.published_at == live.updated_at
    assert "Festival layang-layang" in client.get("/").content.decode()
    assert "layang-layang" in client.get("/feed/").content.decode()
    assert search("layang").total == 1
    entry = AuditEntry.objects.get(action="publish")
    assert (entry.actor, entry.ip) == (editor, "192.0.2.9")


def test_publishing_an_already_published_article_again_is_refused():
    live = make_article("Sudah tayang")
    with pytest.raises(actions.WorkflowError):
        actions.publish_article(live, by=None)


def test_an_import_keeps_its_own_dates():
    at = timezone.now() - timedelta(days=400)
    updated = at + timedelta(days=2)
    draft = make_article("Arsip lama", status="draft")
    live = actions.publish_article(draft, by=None, at=at, updated=updated)
    assert (live.published_at, live.first_published_at, live.updated_at) == (at, at, updated)
