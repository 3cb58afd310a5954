"""actions.delete_article: the article, its search entry and every page listing it go together."""

import pytest

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.search.models import Document
from warta.search.query import search
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_removes_the_article_and_its_search_entry_and_audits_it(client):
    story = make_article("Jembatan gantung baru di Kapuas")
    assert search("jembatan kapuas").total == 1
    admin = make_staff("kepala", "admin")
    actions.delete_article(story, by=admin, ip="192.0.2.1")
    assert not Article.objects.filter(pk=story.pk).exists()
    assert not Document.objects.filter(pk=story.pk).exists()
    assert search("jembatan kapuas").total == 0
    entry = AuditEntry.objects.get(action="article_delete")
    assert entry.actor == admin and "Jembatan gantung" in entry.summary


def test_reader_pages_forget_it_at_once(client):
    story = make_article("Pasar terapung dibuka kembali")
    assert "Pasar terapung" in client.get("/").content.decode()
    actions.delete_article(story, by=None)
    assert "Pasar terapung" not in client.get("/").content.decode()
