import re
from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, css: str) -> str:
    return re.search(rf'<section class="{css}".*?</section>', html, re.S).group(0)


def test_editors_choice_leads_the_home_page(client):
    make_article("Berita terbaru tapi bukan pilihan")
    chosen = make_article(
        "Pilihan editor untuk berita utama", is_headline=True, headline_position=1
    )
    sub = make_article("Subjudul pilihan kedua", is_headline=True, headline_position=2)
    html = home(client)
    headline = block(html, "headline")
    assert headline.index(chosen.headline) < headline.index(sub.headline)
    assert "Berita terbaru tapi bukan pilihan" not in headline


def test_without_choices_the_newest_leads(client):
    make_article("Lama", published_at=timezone.now() - timedelta(days=2))
    make_article("Paling baru", published_at=timezone.now() - timedelta(minutes=1))
    assert '<a href="' in block(home(client), "headline")
    assert "Paling baru" in re.search(
        r'<article class="lead-story">.*?</article>', home(client), re.S
    ).group(0)


def test_latest_lists_published_news_newest_first(client):
    older = make_article("Berita pagi", published_at=timezone.now() - timedelta(hours=5))
    newer = make_article("Berita siang", published_at=timezone.now() - timedelta(hours=1))
    make_article("Draf rahasia", status=Article.Status.DRAFT)
    terkini = block(home(client), "terkini")
    assert "Terkini" in terkini
    assert terkini.index(newer.headline) < terkini.index(older.headline)
    assert "Draf rahasia" not in home(client)


def test_most_read_counts_the_last_24_hours(client):
    popular = make_article("Paling banyak dibaca")
    quiet = make_article("Jarang dibaca")
    stale = make_article("Ramai kemarin lusa")
    for _ in range(3):
        actions.record_article_view(popular.pk)
    actions.record_article_view(quiet.pk)
    for _ in range(9):
        actions.record_article_view(stale.pk, at=timezone.now() - timedelta(hours=30))
    terpopuler = block(home(client), "terpopuler")
    assert terpopuler.index(popular.headline) < terpopuler.index(quiet.headline)
    assert stale.headline not in terpopuler


def test_breaking_bar_shows_until_the_flag_expires(client, django_capture_on_commit_callbacks):
    article = make_article("Gempa mengguncang")
    assert 'class="breaking"' not in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_breaking(article, by=None, until=timezone.now() + timedelta(hours=1))
    assert re.search(r'class="breaking".*Gempa mengguncang', home(client), re.S)
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_breaking(article, by=None, until=timezone.now() - timedelta(seconds=1))
    assert 'class="breaking"' not in home(client)


def test_each_section_gets_a_block_including_its_sub_sections(client):
    sport = make_section("Olahraga", order=1)
    football = make_section("Sepak Bola", parent=sport)
    tech = make_section("Teknologi", order=2)
    make_article("Timnas menang", section=football)
    make_article("Ponsel murah laris", section=tech)
    html = home(client)
    assert "Timnas menang" in block(html, 'section-block" aria-labelledby="blok-olahraga')
    assert "Ponsel murah laris" in block(html, 'section-block" aria-labelledby="blok-teknologi')


def test_a_section_block_holds_at_most_four(client):
    section = make_section("Ekonomi")
    for number in range(6):
        make_article(f"Ekonomi nomor {number}", section=section)
    ekonomi = block(home(client), 'section-block" aria-labelledby="blok-ekonomi')
    assert ekonomi.count("<article") == 4


def test_publishing_shows_at_once_despite_the_page_cache(
    client, django_capture_on_commit_callbacks
):
    home(client)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Baru saja terbit")
    assert "Baru saja terbit" in home(client)
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(article, by=None, reason="Salah fakta")
    assert "Baru saja terbit" not in home(client)


def test_an_uncommitted_publish_does_not_touch_the_cache(
    client, django_capture_on_commit_callbacks
):
    home(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_article("Belum tersimpan")
    assert callbacks, "invalidation must wait for the commit"
    assert "Belum tersimpan" not in home(client)


def test_the_home_page_lists_what_is_published_by_the_moment_it_renders(client, monkeypatch):
    """Its lookups are compiled once and run with the moment of each render: a story dated
    in the future appears, in every list, once that moment has come."""
    from django.core.cache import cache

    section = make_section("Nasional")
    make_article("Sudah terbit", section=section)
    soon = make_article(
        "Terbit sejam lagi",
        section=section,
        published_at=timezone.now() + timedelta(hours=1),
    )
    Article.objects.filter(pk=soon.pk).update(breaking_until=timezone.now() + timedelta(hours=3))
    html = home(client)
    assert "Sudah terbit" in html and soon.headline not in html

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cache.clear()
    html = home(client)
    assert soon.headline in block(html, "terkini")
    assert soon.headline in block(html, "section-block")
    assert soon.headline in re.search(r'<div class="breaking".*?</div></div>', html, re.S).group(0)
