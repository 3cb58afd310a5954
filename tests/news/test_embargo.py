"""Embargo: before its time nobody can publish the article or schedule it earlier, and nothing
of it reaches anyone without an account, preview links included."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return make_staff("redaktur", "editor")


@pytest.fixture
def embargoed(editor):
    article = make_article("Laporan Keuangan Negara Diumumkan Besok", status="draft")
    actions.submit_article(article, by=None)
    until = timezone.now() + timedelta(hours=5)
    actions.set_embargo(Article.objects.get(pk=article.pk), until=until, by=editor)
    return Article.objects.get(pk=article.pk)


def test_publishing_before_the_embargo_is_refused_with_the_reason(embargoed, editor):
    with pytest.raises(actions.Embargoed) as refused:
        actions.publish_article(embargoed, by=editor)
    assert refused.value.until == embargoed.embargo_until
    assert Article.objects.get(pk=embargoed.pk).status == "review"
    assert AuditEntry.objects.filter(action="embargo", article=embargoed).exists()


def test_scheduling_before_the_embargo_is_refused_after_it_is_allowed(embargoed, editor):
    with pytest.raises(actions.Embargoed):
        actions.schedule_article(
            embargoed, by=editor, at=embargoed.embargo_until - timedelta(minutes=1)
        )
    actions.schedule_article(embargoed, by=editor, at=embargoed.embargo_until)
    assert Article.objects.get(pk=embargoed.pk).status == "scheduled"


def test_after_the_embargo_it_publishes(embargoed, editor):
    with time_machine.travel(embargoed.embargo_until + timedelta(seconds=1)):
        actions.publish_article(embargoed, by=editor)
    assert Article.objects.get(pk=embargoed.pk).status == "published"


def test_an_embargo_cannot_move_past_the_schedule_or_be_put_on_a_published_article(editor):
    article = make_article("Terjadwal", status="draft")
    actions.schedule_article(article, by=editor, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(actions.Embargoed):
        actions.set_embargo(
            Article.objects.get(pk=article.pk), until=timezone.now() + timedelta(hours=2), by=editor
        )
    live = make_article("Sudah terbit")
    with pytest.raises(actions.WorkflowError):
        actions.set_embargo(live, until=timezone.now() + timedelta(hours=2), by=editor)


def test_nothing_of_it_leaks_before_its_time(client, embargoed, editor):
    """Searched for through every reader page, feed, sitemap, search, the API and its preview
    link: found nowhere."""
    link = actions.create_preview_link(embargoed, by=editor)
    # Prepared as a live report too: its updates stay as hidden as the article.
    actions.start_live(embargoed, by=editor)
    actions.post_live_update(embargoed, text="Laporan Keuangan Negara dibacakan.", by=editor)
    slug = "Laporan Keuangan Negara"
    for url in (
        "/",
        f"/{embargoed.section.slug}/",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/cari/?q=laporan+keuangan",
        "/indeks/",
        "/api/v1/articles",
        "/api/v1/search?q=laporan%20keuangan",
        "/feed.json",
        "/koreksi/",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert slug not in body.decode(), url
    assert client.get(f"/api/v1/articles/{embargoed.pk}").status_code == 404
    assert client.get(embargoed.get_absolute_url()).status_code == 404
    assert client.get(f"/langsung/{embargoed.pk}.json").status_code == 404
    assert client.get(f"/pratinjau/{link.token}/").status_code == 404
    with time_machine.travel(embargoed.embargo_until + timedelta(seconds=1)):
        assert client.get(f"/pratinjau/{link.token}/").status_code == 200


def test_lifting_the_embargo(embargoed, editor):
    actions.set_embargo(embargoed, until=None, by=editor)
    actions.publish_article(Article.objects.get(pk=embargoed.pk), by=editor)
    assert Article.objects.get(pk=embargoed.pk).status == "published"
