from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article
from warta.news.related import related_articles
from warta.test import make_article, make_section, make_staff, make_topic

pytestmark = pytest.mark.django_db


def ago(hours: int):
    return timezone.now() - timedelta(hours=hours)


def test_same_topic_then_shared_tags_then_section_newest_first():
    home_section = make_section("Nasional")
    elsewhere = make_section("Ekonomi")
    topic = make_topic("Banjir Jabodetabek")
    article = make_article(
        "Banjir hari ini", section=home_section, topic=topic, tags=["Banjir", "Jakarta"]
    )
    topic_old = make_article("Topik lama", section=elsewhere, topic=topic, published_at=ago(50))
    topic_new = make_article("Topik baru", section=elsewhere, topic=topic, published_at=ago(5))
    two_tags = make_article(
        "Dua tag sama", section=elsewhere, tags=["Banjir", "Jakarta"], published_at=ago(40)
    )
    one_tag = make_article(
        "Satu tag sama", section=elsewhere, tags=["Jakarta"], published_at=ago(2)
    )
    same_section = make_article("Rubrik sama", section=home_section, published_at=ago(1))
    make_article("Tak berhubungan", section=elsewhere, published_at=ago(1))
    assert related_articles(article) == [topic_new, topic_old, two_tags, one_tag, same_section]


def test_never_the_article_itself_nor_unpublished_ones():
    section = make_section("Nasional")
    article = make_article(section=section, tags=["Banjir"])
    make_article("Draf", section=section, tags=["Banjir"], status=Article.Status.DRAFT)
    make_article(
        "Masa depan",
        section=section,
        tags=["Banjir"],
        published_at=timezone.now() + timedelta(hours=3),
    )
    assert related_articles(article) == []


def test_at_most_six():
    section = make_section("Nasional")
    article = make_article(section=section)
    for _ in range(9):
        make_article(section=section)
    assert len(related_articles(article)) == 6


def test_the_choice_is_kept_while_no_candidate_changes(django_assert_num_queries):
    section = make_section("Nasional")
    article = Article.objects.prefetch_related("tags").get(
        pk=make_article(section=section, tags=["Banjir"]).pk
    )
    older = make_article("Sudah lebih dulu", section=section, published_at=ago(3))
    assert related_articles(article) == [older]

    with django_assert_num_queries(0):  # kept with the cards they show
        assert related_articles(article) == [older]


def test_a_kept_card_shows_an_edit_to_its_article_at_once(django_capture_on_commit_callbacks):
    section = make_section("Nasional")
    article = Article.objects.prefetch_related("tags").get(pk=make_article(section=section).pk)
    older = make_article("Judul lama", section=section, published_at=ago(3))
    assert [card.headline for card in related_articles(article)] == ["Judul lama"]

    older.headline = "Judul baru"
    with django_capture_on_commit_callbacks(execute=True):
        older.save()
        actions.content_changed(older)  # as every action that edits an article does
    assert [card.headline for card in related_articles(article)] == ["Judul baru"]


def test_a_publish_unpublish_or_retagging_changes_the_choice_at_once(
    django_capture_on_commit_callbacks,
):
    section, elsewhere = make_section("Nasional"), make_section("Ekonomi")
    editor = make_staff("redaktur", "editor")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(section=section, tags=["Banjir"])
        same_section = make_article("Rubrik sama", section=section, published_at=ago(3))
    assert related_articles(article) == [same_section]

    with django_capture_on_commit_callbacks(execute=True):
        tagged = make_article("Tag sama", section=elsewhere, tags=["Banjir"], published_at=ago(5))
    assert related_articles(article) == [tagged, same_section]

    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(same_section, by=editor, reason="Salah rubrik.")
    assert related_articles(article) == [tagged]

    with django_capture_on_commit_callbacks(execute=True):
        article.tags.clear()
    article = Article.objects.prefetch_related("tags").get(pk=article.pk)
    assert related_articles(article) == []
