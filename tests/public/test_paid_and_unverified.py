"""What a reader, a feed reader, a search engine and a share target see of paid content and
of a story still being verified (Pedoman Pemberitaan Media Siber, points 6 and 2)."""

import json
import re
from urllib.parse import unquote

import feedparser
import pytest
from django.core.cache import cache

from warta.news import actions
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db

HEADLINE = "Liburan hemat di pantai selatan"


@pytest.fixture
def advertorial():
    editor = make_staff("redaktur", "editor")
    article = make_article(HEADLINE)
    actions.set_sponsorship(article, kind="advertorial", sponsor="PT Wisata Contoh", by=editor)
    cache.clear()
    return article


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_label_is_on_the_home_card_and_the_section_card(client, advertorial):
    for url in ("/", advertorial.section.get_absolute_url()):
        card = re.search(
            rf'<article class="card[^"]*">(?:(?!</article>).)*{HEADLINE}', page(client, url), re.S
        )
        assert card and '<p class="label-paid">Advertorial</p>' in card.group(0), url


def test_the_article_page_says_what_it_is_and_who_paid(client, advertorial):
    html = page(client, advertorial.get_absolute_url())
    assert f"<title>Advertorial: {HEADLINE}" in html
    assert "Advertorial · dibayar oleh PT Wisata Contoh" in html
    assert 'content="Advertorial: ' in html  # og:title and twitter:title
    data = [json.loads(block) for block in re.findall(r'ld\+json">(.*?)</script>', html, re.S)]
    types = {item.get("@type") for item in data}
    assert "AdvertiserContentArticle" in types and "NewsArticle" not in types


def test_share_texts_carry_the_label(client, advertorial):
    html = page(client, advertorial.get_absolute_url())
    shares = re.findall(r'href="(https://(?:wa\.me|twitter\.com|t\.me)[^"]+)"', html)
    assert len(shares) == 3
    for link in shares:
        assert f"Advertorial: {HEADLINE}" in unquote(link.replace("&amp;", "&")), link
    assert f'data-title="Advertorial: {HEADLINE}"' in html


def test_feed_items_carry_the_label(client, advertorial):
    for url in ("/feed/", "/feed/atom/"):
        titles = [entry.title for entry in feedparser.parse(client.get(url).content).entries]
        assert f"Advertorial: {HEADLINE}" in titles, url
    items = json.loads(client.get("/feed.json").content)["items"]
    assert f"Advertorial: {HEADLINE}" in [item["title"] for item in items]


def test_left_out_of_google_news_and_the_most_read(client, advertorial):
    news = make_article("Berita biasa hari ini")
    cache.clear()
    sitemap = client.get("/sitemap-news.xml").content.decode()
    assert news.get_absolute_url() in sitemap
    assert advertorial.get_absolute_url() not in sitemap
    for _ in range(20):
        actions.record_article_view(advertorial.pk)
    actions.record_article_view(news.pk)
    home = page(client, "/")
    popular = re.search(r'<section class="terpopuler".*?</section>', home, re.S).group(0)
    assert news.headline in popular and HEADLINE not in popular


def test_the_api_says_the_type_and_the_label(client, advertorial):
    listed = client.get("/api/v1/articles").json()["items"]
    item = next(item for item in listed if item["id"] == advertorial.pk)
    assert (item["type"], item["label"], item["sponsor"]) == (
        "advertorial",
        "Advertorial",
        "PT Wisata Contoh",
    )


def test_the_verification_notice_closes_the_page_and_the_feed_item(client):
    editor = make_staff("redaktur", "editor")
    article = make_article("Kebakaran gudang di pelabuhan")
    notice = "Jumlah korban masih diverifikasi."
    actions.set_verification_notice(article, text=notice, by=editor)
    cache.clear()
    html = page(client, article.get_absolute_url())
    story = re.search(r'<div class="story-body">.*?</div>', html, re.S).group(0)
    assert story.rstrip("</div>").rstrip().endswith(f"<em>({notice})</em></p>")
    entry = next(
        e
        for e in feedparser.parse(client.get("/feed/").content).entries
        if e.link.endswith(article.get_absolute_url())
    )
    assert f"({notice})" in entry.summary
    assert f"<em>({notice})</em>" in entry.content[0].value
    items = json.loads(client.get("/feed.json").content)["items"]
    assert any(f"<em>({notice})</em>" in item["content_html"] for item in items)
    detail = client.get(f"/api/v1/articles/{article.pk}").json()
    assert detail["verification_notice"] == notice


def test_the_label_is_on_the_index_search_and_latest_lists(client, advertorial):
    from warta.search.index import sync_article

    sync_article(advertorial)
    from django.utils import timezone

    day = timezone.localdate(advertorial.published_at).isoformat()  # test articles spread back
    for url in (f"/indeks/{day}/", "/cari/?q=liburan+pantai", "/"):
        html = page(client, url)
        # The label comes right before the headline (search marks the words it matched).
        after = [chunk[:300] for chunk in html.split('label-paid">Advertorial<')[1:]]
        assert any("selatan" in re.sub(r"<[^>]+>", "", chunk) for chunk in after), url


def test_paid_content_is_never_a_headline_or_breaking_news(advertorial):
    from datetime import timedelta

    from django.utils import timezone

    from warta.news.models import Article

    with pytest.raises(actions.WorkflowError):
        actions.set_breaking(advertorial, by=None, until=timezone.now() + timedelta(hours=1))
    actions.set_home_headlines([advertorial], by=None)
    assert not Article.objects.get(pk=advertorial.pk).is_headline
