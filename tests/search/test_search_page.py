import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from warta.test import make_person, make_section

JAKARTA = ZoneInfo("Asia/Jakarta")


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def results(html):
    return re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', html)


def test_the_search_page_is_at_cari_and_not_indexed(client, db):
    assert reverse("public:search") == "/cari/"
    html = text(client.get("/cari/"))
    assert 'content="noindex, follow"' in html
    assert "Ketik kata atau nama" in html  # the help for an empty query


def test_it_finds_forms_of_a_word_and_highlights_them(client, article):
    article("Pembebasan Sandera di Kursk", summary="Sandera dibebaskan kemarin.")
    html = text(client.get("/cari/", {"q": "bebaskan kursk"}))
    assert results(html) == ["<mark>Pembebasan</mark> Sandera di <mark>Kursk</mark>"]
    assert "1 hasil untuk “bebaskan kursk”" in html


def test_the_query_is_escaped_wherever_it_is_echoed(client, article):
    article("Banjir di Bekasi")
    hostile = '"><script>alert(1)</script> banjir'
    html = text(client.get("/cari/", {"q": hostile}))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_misspelling_is_answered_with_mungkin_maksud_anda(client, article):
    article("Festival Musik Kemayoran Dibuka")
    html = text(client.get("/cari/", {"q": "festivl musik", "rubrik": "tidak-ada"}))
    assert 'Mungkin maksud Anda: <a href="?q=festival+musik">festival musik</a>' in html


def test_filters_from_the_query_string_and_their_removal_links(client, article):
    world = make_section("Internasional")
    rina = make_person("Rina Kusuma")
    article("Banjir di Manila", section=world, writers=[rina], tags=["Filipina"])
    article("Banjir di Bekasi", section=make_section("Nasional"))
    html = text(
        client.get(
            "/cari/",
            {"q": "banjir", "rubrik": "internasional", "penulis": "rina-kusuma", "tag": "filipina"},
        )
    )
    assert results(html) == ["<mark>Banjir</mark> di Manila"]
    assert "Penulis: Rina Kusuma" in html
    assert 'href="?q=banjir&amp;rubrik=internasional&amp;tag=filipina"' in html  # drop writer
    assert '<option value="internasional" selected>' in html


def test_the_date_range_and_the_sort_order(client, article):
    day = datetime(2025, 3, 10, 9, tzinfo=JAKARTA)
    article("Banjir pagi", published_at=day)
    article("Banjir lain hari", published_at=datetime(2025, 3, 12, 9, tzinfo=JAKARTA))
    html = text(client.get("/cari/", {"q": "banjir", "dari": "2025-03-10", "sampai": "2025-03-10"}))
    assert results(html) == ["<mark>Banjir</mark> pagi"]
    newest = text(client.get("/cari/", {"q": "banjir", "urut": "terbaru"}))
    assert results(newest) == ["<mark>Banjir</mark> lain hari", "<mark>Banjir</mark> pagi"]
    assert "<strong>terbaru</strong>" in newest


@pytest.mark.parametrize(
    "query",
    [
        {"dari": "2025-13-45"},
        {"sampai": "kemarin"},
        {"rubrik": "x" * 500},
        {"rubrik": "a\x00b"},
        {"tag": "'; DROP TABLE news_tag; --"},
        {"penulis": "tidak-ada"},
        {"urut": "acak"},
    ],
)
def test_a_bad_filter_is_ignored(client, article, query):
    article("Banjir di Bekasi")
    assert results(text(client.get("/cari/", {"q": "banjir", **query}))) == [
        "<mark>Banjir</mark> di Bekasi"
    ]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "99999999999999", "1.5", "²"])
def test_bad_page_numbers_are_404(client, article, settings, page):
    settings.WARTA_PAGE_SIZE = 2
    for number in range(3):
        article(f"Banjir {number}")
    assert client.get("/cari/", {"q": "banjir", "page": page}).status_code == 404


def test_results_are_paginated_with_the_query_kept(client, article, settings):
    settings.WARTA_PAGE_SIZE = 2
    for number in range(3):
        article(f"Banjir {number}")
    first = text(client.get("/cari/", {"q": "banjir", "rubrik": "internasional"}))
    assert 'href="?q=banjir&amp;rubrik=internasional&amp;page=2"' in first
    assert len(results(text(client.get("/cari/", {"q": "banjir", "page": "2"})))) == 1


def test_the_result_page_is_cached_like_every_reader_page(client, article):
    article("Banjir di Bekasi")
    response = client.get("/cari/", {"q": "banjir"})
    assert "public" in response["Cache-Control"] and not response.cookies
    again = client.get("/cari/", {"q": "banjir"})
    assert again.content == response.content


def test_drafts_never_appear(client, article):
    article("Banjir rahasia", status="draft")
    assert results(text(client.get("/cari/", {"q": "banjir"}))) == []


def test_section_tag_and_index_pages_search_within_themselves(client, article):
    section = make_section("Nasional")
    story = article(
        "Banjir di Bekasi",
        section=section,
        tags=["Banjir"],
        published_at=datetime(2025, 3, 10, 9, tzinfo=JAKARTA),
    )
    section_html = text(client.get(section.get_absolute_url()))
    assert '<input type="hidden" name="rubrik" value="nasional">' in section_html
    tag_html = text(client.get(story.tags.get().get_absolute_url()))
    assert '<input type="hidden" name="tag" value="banjir">' in tag_html
    index_html = text(client.get("/indeks/2025-03-10/", {"rubrik": "nasional"}))
    assert '<input type="hidden" name="dari" value="2025-03-10">' in index_html
    assert '<input type="hidden" name="sampai" value="2025-03-10">' in index_html
    for html in (section_html, tag_html, index_html):
        assert 'action="/cari/"' in html
    within = text(client.get("/cari/", {"q": "banjir", "dari": "2025-03-10", "rubrik": "nasional"}))
    assert results(within) == ["<mark>Banjir</mark> di Bekasi"]


def test_the_page_says_when_it_shows_articles_with_only_some_words(client, article):
    article("Ponsel terlaris tahun ini")
    html = text(client.get("/cari/", {"q": "ponsel murah"}))
    assert "Tidak ada berita yang memuat semua kata ini" in html
    assert results(html) == ["<mark>Ponsel</mark> terlaris tahun ini"]


def test_past_the_listed_results_the_count_says_more_than(client, article, monkeypatch):
    from warta.search import query

    monkeypatch.setattr(query, "MAX_RESULTS", 2)
    monkeypatch.setattr(query, "RANKED", 2)
    for number in range(3):
        article(f"Banjir {number}")
    html = text(client.get("/cari/", {"q": "banjir"}))
    assert "Lebih dari 2 hasil untuk “banjir”" in html
    assert len(results(html)) == 2
    assert client.get("/cari/", {"q": "banjir", "page": "2"}).status_code == 404
