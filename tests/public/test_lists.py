from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.news.models import Page, Person
from warta.public import pagination
from warta.test import make_article, make_image, make_person, make_section, make_topic

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_section_lists_its_own_and_sub_section_news(client):
    sport = make_section("Olahraga")
    football = make_section("Sepak Bola", parent=sport)
    other = make_section("Ekonomi")
    make_article("Juara bulu tangkis", section=sport)
    make_article("Gol di menit akhir", section=football)
    make_article("Harga beras", section=other)
    html = text(client.get("/olahraga/"))
    assert "<h1>Olahraga</h1>" in html
    assert (
        "Juara bulu tangkis" in html and "Gol di menit akhir" in html and "Harga beras" not in html
    )
    assert '<a href="/sepak-bola/">Sepak Bola</a>' in html
    football_html = text(client.get("/sepak-bola/"))
    assert "Gol di menit akhir" in football_html and "Juara bulu tangkis" not in football_html
    assert '<a href="/olahraga/">Olahraga</a>' in football_html  # breadcrumb


def test_pagination_uses_stable_page_urls(client, settings):
    settings.WARTA_PAGE_SIZE = 2
    section = make_section("Nasional")
    for number in range(5):
        make_article(
            f"Berita nasional {number}",
            section=section,
            published_at=timezone.now() - timedelta(hours=number),
        )
    first = text(client.get("/nasional/"))
    assert "Berita nasional 0" in first and "Berita nasional 2" not in first
    assert 'href="?page=2"' in first
    third = text(client.get("/nasional/?page=3"))
    assert "Berita nasional 4" in third and 'href="?page=2"' in third


def test_lists_go_back_a_bounded_number_of_pages_and_point_to_the_date_index(
    client, settings, monkeypatch
):
    """Counting a big section's whole archive on every render scans the archive: a list page
    reads one row more than it shows instead, and lists stop at MOST_PAGES pages."""
    monkeypatch.setattr(pagination, "MOST_PAGES", 2)
    settings.WARTA_PAGE_SIZE = 2
    section = make_section("Nasional")
    for number in range(7):
        make_article(
            f"Berita nasional {number}",
            section=section,
            published_at=timezone.now() - timedelta(hours=number),
        )
    with CaptureQueriesContext(connection) as queries:
        second = text(client.get("/nasional/?page=2"))
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    assert "Berita nasional 3" in second and "Berita nasional 4" not in second
    assert 'href="?page=3"' not in second
    assert "Halaman 2</span>" in second
    assert '<a href="/indeks/">Berita lebih lama: indeks →</a>' in second
    assert client.get("/nasional/?page=3").status_code == 404
    first = text(client.get("/nasional/"))
    assert 'href="?page=2"' in first and "Berita lebih lama" not in first


@pytest.mark.parametrize("page", ["abc", "0", "-1", "4", "99999999999999", "1.5", ""])
def test_bad_page_numbers_are_404(client, settings, page):
    settings.WARTA_PAGE_SIZE = 2
    section = make_section("Nasional")
    for _ in range(5):
        make_article(section=section)
    assert client.get(f"/nasional/?page={page}").status_code == 404


def test_unknown_things_are_the_indonesian_404(client):
    for url in (
        "/tidak-ada/",
        "/tag/tidak-ada/",
        "/topik/tidak-ada/",
        "/penulis/tidak-ada/",
        "/halaman/tidak-ada/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Halaman tidak ditemukan" in text(response)


def test_over_long_paths_and_queries_are_handled(client):
    make_section("Nasional")
    assert client.get("/" + "a" * 5000 + "/").status_code == 404
    assert client.get("/nasional/?page=1&x=" + "y" * 10000).status_code == 200
    assert client.get("/cari/?q=" + "banjir " * 2000).status_code == 200
    assert client.get("/nasional/" + "9" * 40 + "/judul/").status_code == 404


def test_tag_page(client):
    tagged = make_article("Banjir di Kampung Melayu", tags=["Banjir"])
    make_article("Tidak bertag")
    html = text(client.get("/tag/banjir/"))
    assert "<h1>Banjir</h1>" in html and tagged.headline in html and "Tidak bertag" not in html


def test_topic_page_is_a_timeline(client):
    topic = make_topic("Banjir Jabodetabek")
    first = make_article(
        "Hujan deras diperkirakan", topic=topic, published_at=timezone.now() - timedelta(days=2)
    )
    second = make_article(
        "Banjir merendam permukiman", topic=topic, published_at=timezone.now() - timedelta(hours=2)
    )
    html = text(client.get("/topik/banjir-jabodetabek/"))
    assert '<ol class="timeline">' in html
    assert html.index(second.headline) < html.index(first.headline)


def test_person_page_shows_profile_and_their_articles(client):
    photo = make_image(caption="Rina", credit="Warta", alt_text="Potret Rina")
    rina = make_person("Rina Kusuma")
    Person.objects.filter(pk=rina.pk).update(
        bio="Meliput politik.", photo=photo, roles=["penulis", "editor"]
    )
    make_article("Tulisan Rina", writers=[rina])
    make_article("Tulisan orang lain", writers=[make_person("Dimas Pratama")])
    html = text(client.get("/penulis/rina-kusuma/"))
    assert (
        "<h1>Rina Kusuma</h1>" in html and "Meliput politik." in html and "Penulis, Editor" in html
    )
    assert 'alt="Potret Rina"' in html
    assert "Tulisan Rina" in html and "Tulisan orang lain" not in html


def test_date_index_lists_the_day_and_filters_by_section(client):
    zone = timezone.get_current_timezone()
    day = datetime(2026, 3, 10, 9, 0, tzinfo=zone)
    news = make_section("Nasional")
    sport = make_section("Olahraga")
    make_article("Pagi nasional", section=news, published_at=day)
    make_article("Siang olahraga", section=sport, published_at=day + timedelta(hours=5))
    make_article("Hari berikutnya", section=news, published_at=day + timedelta(days=1))
    html = text(client.get("/indeks/2026-03-10/"))
    assert "Selasa, 10 Maret 2026" in html
    assert html.index("Siang olahraga") < html.index("Pagi nasional")
    assert "Hari berikutnya" not in html
    assert 'href="/indeks/2026-03-09/"' in html and 'href="/indeks/2026-03-11/"' in html
    filtered = text(client.get("/indeks/2026-03-10/?rubrik=olahraga"))
    assert "Siang olahraga" in filtered and "Pagi nasional" not in filtered
    assert 'href="/indeks/2026-03-09/?rubrik=olahraga"' in filtered


@pytest.mark.parametrize("day", ["2026-13-01", "kemarin", "2999-01-01", "1900-01-01"])
def test_date_index_refuses_impossible_days(client, day):
    assert client.get(f"/indeks/{day}/").status_code == 404


def test_date_index_today_has_no_next_day(client):
    html = text(client.get("/indeks/"))
    assert 'rel="next"' not in html and 'rel="prev"' in html


def test_static_page(client):
    Page.objects.create(slug="redaksi", title="Redaksi", body="<p>Pemimpin Redaksi: Bambang</p>")
    html = text(client.get("/halaman/redaksi/"))
    assert "<h1>Redaksi</h1>" in html and "Pemimpin Redaksi: Bambang" in html


def test_server_error_page_is_indonesian(client, monkeypatch):
    from warta.public import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    make_section("Nasional")
    monkeypatch.setattr(views, "get_object_or_404", explode)
    client.raise_request_exception = False
    response = client.get("/nasional/")
    assert response.status_code == 500
    assert "Maaf, terjadi gangguan" in text(response)
