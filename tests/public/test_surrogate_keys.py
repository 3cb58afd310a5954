"""News-aware invalidation: a change makes stale exactly the reader pages that show what
changed, and every other page stays cached (a hit costs no query)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.news import actions, freshness
from warta.news.models import Article, SiteSettings
from warta.test import make_article, make_section, make_staff, make_topic

pytestmark = pytest.mark.django_db


def cached(client, url: str) -> bool:
    """True when the page came from the cache: no query was needed."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code in (200, 301), url  # 301: the article moved
    return len(queries) == 0


@pytest.fixture
def newsroom(client, django_capture_on_commit_callbacks):
    nasional, olahraga = make_section("Nasional"), make_section("Olahraga")
    bola = make_section("Sepak Bola", parent=olahraga)
    topic = make_topic()
    other = make_article("Pertandingan liga berakhir imbang", section=bola, tags=["Liga"])
    lone = make_article("Sidang kabinet membahas anggaran", section=nasional, tags=["Anggaran"])
    editor = make_staff("redaktur", "editor")
    cache.clear()
    pages = {
        "home": "/",
        "nasional": "/nasional/",
        "olahraga": "/olahraga/",
        "bola": "/sepak-bola/",
        "other": other.get_absolute_url(),
        "lone": lone.get_absolute_url(),
        "tag_liga": "/tag/liga/",
        "tag_anggaran": "/tag/anggaran/",
        "feed": "/feed/",
        "sitemap": "/sitemap-news.xml",
        "search": "/cari/?q=liga",
    }
    for url in pages.values():
        client.get(url)
    assert all(cached(client, url) for url in pages.values())
    return {
        "pages": pages,
        "other": other,
        "lone": lone,
        "bola": bola,
        "topic": topic,
        "editor": editor,
        "capture": django_capture_on_commit_callbacks,
    }


def stale_after(client, newsroom, change) -> set[str]:
    with newsroom["capture"](execute=True):
        change()
    return {name for name, url in newsroom["pages"].items() if not cached(client, url)}


def test_publishing_makes_stale_only_the_pages_that_list_the_article(client, newsroom):
    draft = make_article(
        "Tim muda juara turnamen", section=newsroom["bola"], tags=["Liga"], status="draft"
    )
    stale = stale_after(
        client, newsroom, lambda: actions.publish_article(draft, by=newsroom["editor"])
    )
    # Its section and the section's parent, its tag, and every list of the newest news.
    assert stale == {"home", "olahraga", "bola", "tag_liga", "feed", "sitemap", "search"}


def test_a_correction_reaches_the_pages_that_show_the_article_by_its_headline(client, newsroom):
    other = newsroom["other"]
    stale = stale_after(
        client,
        newsroom,
        lambda: actions.correct_article(
            other, by=newsroom["editor"], kind="ralat", text="Skor diperbaiki."
        ),
    )
    assert {"other", "olahraga", "bola", "tag_liga", "home"} <= stale
    assert {"lone", "nasional", "tag_anggaran"}.isdisjoint(stale)


def test_moving_an_article_makes_both_sections_stale(client, newsroom):
    from warta.news import revisions

    lone = Article.objects.get(pk=newsroom["lone"].pk)
    data = {**revisions.snapshot(lone), "section": newsroom["bola"].pk}

    def move():
        actions.save_article(
            lone, by=newsroom["editor"], data=data, base_revision=lone.current_revision_id
        )

    stale = stale_after(client, newsroom, move)
    assert {"nasional", "bola", "olahraga", "tag_anggaran"} <= stale


def test_a_correction_that_moves_the_article_makes_the_lists_it_left_stale(client, newsroom):
    from warta.news import revisions

    lone = Article.objects.get(pk=newsroom["lone"].pk)
    data = {**revisions.snapshot(lone), "section": newsroom["bola"].pk, "tags": ["Liga"]}
    stale = stale_after(
        client,
        newsroom,
        lambda: actions.correct_article(
            lone, by=newsroom["editor"], kind="ralat", text="Salah rubrik.", data=data
        ),
    )
    assert {"nasional", "tag_anggaran", "bola", "tag_liga"} <= stale


def test_an_import_that_moves_the_article_makes_the_lists_it_left_stale(client, newsroom):
    from warta.news import revisions
    from warta.news.models import Origin

    lone = Article.objects.get(pk=newsroom["lone"].pk)
    actions.remember_origin(
        source="wordpress",
        kind=Origin.Kind.ARTICLE,
        remote_id="7",
        obj=lone,
        url="",
        digest="lama",
        revision_id=lone.current_revision_id,
    )
    data = {**revisions.snapshot(lone), "section": newsroom["bola"].pk, "tags": ["Liga"]}

    def update():
        actions.import_article(
            source="wordpress",
            remote_id="7",
            digest="baru",
            data=data,
            state="published",
            at=lone.published_at,
            addresses=[],
            by=None,
        )

    stale = stale_after(client, newsroom, update)
    assert {"nasional", "tag_anggaran", "bola", "tag_liga"} <= stale


def test_a_live_update_makes_stale_only_the_report(client, newsroom):
    lone = newsroom["lone"]
    with newsroom["capture"](execute=True):
        actions.start_live(lone, by=newsroom["editor"])
    client.get(lone.get_absolute_url())
    stale = stale_after(
        client,
        newsroom,
        lambda: actions.post_live_update(lone, text="Rapat dimulai.", by=newsroom["editor"]),
    )
    assert stale == {"lone"}


def test_a_site_wide_change_makes_every_page_stale(client, newsroom):
    site = SiteSettings.load()
    site.tagline = "Kabar terpercaya"
    stale = stale_after(
        client,
        newsroom,
        lambda: actions.save_site_settings(site, changed=["tagline"], by=newsroom["editor"]),
    )
    assert stale == set(newsroom["pages"])


def test_a_key_the_cache_lost_renders_the_page_again(client, newsroom):
    cache.delete(f"{freshness.PREFIX}section:{newsroom['bola'].pk}")
    assert not cached(client, "/sepak-bola/")
    assert cached(client, "/sepak-bola/")


def test_pages_name_their_keys_for_a_cdn(client, newsroom):
    response = client.get("/sepak-bola/")
    keys = response["Surrogate-Key"].split()
    assert "all" in keys and f"section:{newsroom['bola'].pk}" in keys
    article = client.get(newsroom["other"].get_absolute_url())["Surrogate-Key"].split()
    assert f"article:{newsroom['other'].pk}" in article and "content" not in article
