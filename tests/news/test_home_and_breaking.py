"""actions.set_home_headlines and set_breaking: the home page's editors' choices, audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.test import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_headlines_take_published_articles_only_in_the_order_given():
    a, b = make_article("Pertama"), make_article("Kedua")
    draft = make_article("Draf", status="draft")
    actions.set_home_headlines([b, draft, a], by=None)
    chosen = Article.objects.filter(is_headline=True).order_by("headline_position")
    assert [x.headline for x in chosen] == ["Kedua", "Pertama"]
    assert AuditEntry.objects.filter(action="curate").exists()


def test_breaking_news_shows_until_its_time(client):
    live = make_article("Gempa di laut Banda")
    actions.set_breaking(live, by=None, until=timezone.now() + timedelta(hours=1))
    assert 'class="breaking"' in client.get("/").content.decode()
    actions.set_breaking(live, by=None, until=None)
    assert 'class="breaking"' not in client.get("/").content.decode()
    assert AuditEntry.objects.filter(action="breaking", summary="dicabut").exists()
