"""Reader pages written as files for an edge on the same machine (WARTA_EDGE_PAGES): what is
written, where, when it is replaced or removed, and the headers the edge sends with it
(tests/edge serves them through a real nginx)."""

from __future__ import annotations

import gzip
import time

import brotli
import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from warta.news import actions, freshness
from warta.public import edge_pages
from warta.public.edge_headers import reader_page_headers
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(settings, tmp_path):
    settings.WARTA_EDGE_PAGES = str(tmp_path / "pages")
    settings.WARTA_EDGE_TTL = 30
    return tmp_path / "pages"


def copies(folder, name: str = "index.html") -> dict[str, str]:
    """The page's three copies, unpacked."""
    return {
        "plain": (folder / name).read_text(),
        "gzip": gzip.decompress((folder / f"{name}.gz").read_bytes()).decode(),
        "brotli": brotli.decompress((folder / f"{name}.br").read_bytes()).decode(),
    }


@pytest.mark.parametrize(
    "address, written",
    [
        ("/", "index.html"),
        ("/nasional/", "nasional/index.html"),
        ("/nasional/?page=3", "nasional/page-3.html"),
        ("/nasional/12/banjir-rob/", "nasional/12/banjir-rob/index.html"),
        ("/kota/%C3%A9t%C3%A9/", "kota/été/index.html"),
        # The edge sends these to Warta whatever it holds, so nothing is written for them.
        ("/?utm_source=wa", None),
        ("/nasional/?page=2&page=3", None),
        ("/nasional/?page=dua", None),
        ("/cari/?q=banjir", None),
        ("/feed.xml", None),
        ("/nasional//x/", None),
    ],
)
def test_each_page_address_has_one_file(pages, address, written):
    found = edge_pages.file_of(RequestFactory().get(address))
    assert found == (None if written is None else pages / written)


def test_a_rendered_page_is_written_in_each_encoding(client, pages, settings):
    settings.WARTA_PAGE_SIZE = 5
    story = make_article("Pompa air dikerahkan ke pesisir", section=make_section("Nasional"))
    answer = client.get(story.get_absolute_url(), HTTP_ACCEPT_ENCODING="br")
    folder = pages / story.get_absolute_url().strip("/")
    page = brotli.decompress(answer.content).decode()
    assert "Pompa air dikerahkan ke pesisir" in page
    assert copies(folder) == {"plain": page, "gzip": page, "brotli": page}
    assert oct((folder / "index.html").stat().st_mode & 0o777) == "0o644"  # nginx's user reads
    assert not list(folder.glob(".*.tmp"))
    # A list's second page is a file of its own; a search or a feed is not a page file.
    for number in range(6):
        make_article(f"Berita nomor {number}", section=story.section)
    client.get("/nasional/?page=2")
    client.get("/cari/?q=pompa")
    client.get("/feed/")
    assert (pages / "nasional" / "page-2.html").exists()
    assert not (pages / "cari").exists()
    assert not (pages / "feed").exists()


def test_a_hit_writes_the_page_again_when_its_file_is_gone(client, pages):
    client.get("/")
    home = pages / "index.html"
    edge_pages.remove(home)
    assert not home.exists()
    client.get("/")  # a hit: nothing is rendered, the stored page is written
    assert "<html" in copies(pages)["plain"]


def test_a_change_rewrites_the_pages_it_renders_again(
    client, pages, django_capture_on_commit_callbacks
):
    section = make_section("Nasional")
    client.get("/nasional/")
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Tanggul darurat rampung dibangun", section=section)
    client.get("/nasional/")  # what the edge's refresh request does
    assert "Tanggul darurat rampung dibangun" in copies(pages / "nasional")["brotli"]


def test_a_taken_down_article_leaves_the_edge_at_its_refresh(
    client, pages, django_capture_on_commit_callbacks
):
    story = make_article("Berita yang akan diturunkan", section=make_section("Nasional"))
    client.get(story.get_absolute_url())
    written = pages / story.get_absolute_url().strip("/") / "index.html"
    assert written.exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.take_down_article(
            story, by=None, reason="sara", text="Diturunkan karena memuat unsur SARA."
        )
    assert client.get(story.get_absolute_url()).status_code == 410  # the edge's refresh
    assert not written.exists() and not written.with_name("index.html.br").exists()


def test_a_site_wide_change_removes_every_page(client, pages, django_capture_on_commit_callbacks):
    story = make_article("Sidang kabinet membahas anggaran", section=make_section("Nasional"))
    client.get("/")
    client.get(story.get_absolute_url())
    assert (pages / "index.html").exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.content_changed()  # the site's settings or menu: every page shows them
    assert pages.is_dir()
    assert not (pages / "index.html").exists()
    assert not (pages / story.get_absolute_url().strip("/") / "index.html").exists()
    client.get("/")
    assert (pages / "index.html").exists()


def test_the_sweep_keeps_current_pages_and_removes_the_others(client, pages):
    nasional, olahraga = make_section("Nasional"), make_section("Olahraga")
    client.get("/nasional/")
    client.get("/olahraga/")
    national, sport = pages / "nasional" / "index.html", pages / "olahraga" / "index.html"
    # A change whose refresh never came (a lost note): the file no longer shows the news.
    freshness.bump({f"section:{nasional.pk}"})
    assert edge_pages.sweep() == 0  # files younger than WARTA_EDGE_TTL are not looked at
    assert edge_pages.sweep(now=time.time() + 60) == 1
    assert not national.exists() and not national.with_name("index.html.br").exists()
    # The sport page is still Warta's current copy: it stays, dated now, and is looked at
    # again only after WARTA_EDGE_TTL.
    assert sport.exists() and time.time() - sport.stat().st_mtime < 5
    freshness.bump({f"section:{olahraga.pk}"})
    assert edge_pages.sweep() == 0
    assert edge_pages.sweep(now=time.time() + 31) == 1
    assert not sport.exists()


def test_without_the_setting_nothing_is_written(client, settings, tmp_path):
    settings.WARTA_EDGE_PAGES = ""
    client.get("/")
    assert edge_pages.sweep() == 0
    assert list(tmp_path.iterdir()) == []


def test_the_edge_sends_the_headers_warta_gives_a_reader_page(client, pages, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    story = make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    answer = client.get(story.get_absolute_url(), secure=True)
    headers = dict(reader_page_headers())
    for name in (
        "Cache-Control",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "Strict-Transport-Security",
    ):
        assert headers[name] == answer[name], name
    # What nginx writes for the file itself, and what must never go out from a file.
    assert not {"Content-Type", "ETag", "Vary", "Set-Cookie", "Surrogate-Key"} & set(headers)


def test_the_edge_configuration_serves_the_page_files(pages, tmp_path):
    conf = tmp_path / "nginx.conf"
    call_command("edge_config", "nginx", "--cache-dir", str(tmp_path / "cache"), "-o", str(conf))
    text = conf.read_text()
    assert f"root {pages};" in text
    assert "try_files $uri$warta_page_file @warta;" in text
    assert 'add_header X-Frame-Options "DENY";' in text
    assert "location @warta {" in text


def test_a_header_nginx_would_misread_is_refused(pages, settings, tmp_path):
    settings.PERMISSIONS_POLICY = 'camera=("$self")'
    with pytest.raises(CommandError, match="nginx would read"):
        call_command("edge_config", "nginx", "-o", str(tmp_path / "nginx.conf"))
