"""access.visible_articles, own_articles, is_own, search_scope: what a staff member's lists show."""

import pytest
from django.contrib.auth.models import AnonymousUser

from warta.news import access
from warta.news.models import Article
from warta.test import make_article, make_person, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    writer = make_staff("penulis", "penulis")
    other = make_staff("lain", "penulis")
    editor = make_staff("redaktur", "editor")
    credited = make_person("Sari Penulis", user=writer)
    stories = {
        "mine": make_article("Draf saya", status="draft", by=writer),
        "credited": make_article("Draf dengan nama saya", status="draft", writers=[credited]),
        "others_draft": make_article("Draf orang lain", status="draft", by=other),
        "others_review": make_article("Diperiksa orang lain", status="review", by=other),
        "published": make_article("Sudah terbit", by=other),
    }
    return writer, other, editor, stories


def _headlines(articles):
    return set(articles.values_list("headline", flat=True))


def test_a_penulis_sees_published_and_own_articles_only(newsroom):
    writer, _, _, s = newsroom
    assert _headlines(access.visible_articles(writer)) == {
        "Draf saya",
        "Draf dengan nama saya",
        "Sudah terbit",
    }
    assert _headlines(access.own_articles(writer)) == {"Draf saya", "Draf dengan nama saya"}
    for name, article in s.items():
        visible = access.visible_articles(writer).filter(pk=article.pk).exists()
        assert visible == access.can(writer, "view", article), name
        own = access.own_articles(writer).filter(pk=article.pk).exists()
        assert own == access.is_own(writer, article), name


def test_own_articles_lists_each_article_once_however_many_bylines():
    writer = make_staff("penulis", "penulis")
    me = make_person("Sari Penulis", user=writer)
    make_article("Berdua", status="draft", by=writer, writers=[me, make_person("Budi")])
    assert access.own_articles(writer).count() == 1


def test_editors_see_everything_and_search_is_unscoped_for_them(newsroom):
    writer, _, editor, _ = newsroom
    assert access.visible_articles(editor).count() == Article.objects.count() == 5
    assert access.search_scope(editor) is None
    assert _headlines(access.search_scope(writer)) == _headlines(access.visible_articles(writer))


def test_readers_see_nothing_through_the_staff_door(newsroom):
    assert not access.visible_articles(AnonymousUser()).exists()
    assert not access.own_articles(AnonymousUser()).exists()
