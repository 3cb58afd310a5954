"""access.published_q: the one meaning of "published" (status and time), under any relation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news.access import published_q
from warta.news.models import Article, Tag
from warta.test import make_article

pytestmark = pytest.mark.django_db


def test_published_means_status_published_and_not_dated_ahead():
    now = timezone.now()
    out = make_article("Sudah terbit", published_at=now - timedelta(hours=1), tags=["banjir"])
    make_article("Terbit besok", published_at=now + timedelta(days=1), tags=["banjir"])
    make_article("Masih draf", status="draft", tags=["banjir"])
    make_article("Dijadwalkan", status="scheduled", tags=["banjir"])
    make_article("Ditarik", status="unpublished", tags=["banjir"])
    assert list(Article.objects.filter(published_q())) == [out]
    assert list(Article.objects.published()) == [out]


def test_at_moves_the_clock():
    now = timezone.now()
    later = make_article("Terbit nanti", published_at=now + timedelta(hours=2))
    assert not Article.objects.filter(published_q()).exists()
    assert list(Article.objects.filter(published_q(at=now + timedelta(hours=3)))) == [later]


def test_prefix_reaches_articles_through_a_relation():
    make_article("Di balik tag", tags=["gempa"])
    make_article("Draf di balik tag", status="draft", tags=["longsor"])
    tags = Tag.objects.filter(published_q("articles__")).values_list("name", flat=True)
    assert list(tags) == ["gempa"]
