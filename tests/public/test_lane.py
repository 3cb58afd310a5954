"""Reader pages written as files for an nginx on the same machine (public.lane): which pages,
what is in them, and that a change never leaves a file showing what it changed (tests/edge
runs the same against a real nginx)."""

from __future__ import annotations

import gzip
import logging
import os
import time

import brotli
import pytest
from django.http import HttpResponse

from warta.news import actions, freshness
from warta.public import edge, lane
from warta.public.cache import StoredPage
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings, tmp_path):
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:9"]  # nothing listens: refreshes just fail
    settings.WARTA_EDGE_LANE = str(tmp_path / "lane")
    yield tmp_path / "lane"
    edge.wait()


NAMES = {"br": "index.html.br", "gzip": "index.html.gz", "identity": "index.html"}


def files(folder, address: str) -> dict[str, bytes]:
    """The page's files, by encoding: the page, and beside it the copies nginx's brotli_static
    and gzip_static send."""
    where = folder / lane.PAGES / lane.relative(address)
    found = {}
    for encoding, name in NAMES.items():
        path = where / name
        if path.exists():
            found[encoding] = path.read_bytes()
    return found


def test_a_reader_page_is_written_once_per_encoding(client, folder):
    story = make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    url = story.get_absolute_url()
    page = client.get(url, HTTP_ACCEPT_ENCODING="identity").content
    written = files(folder, url)
    assert sorted(written) == ["br", "gzip", "identity"]
    assert written["identity"] == page
    assert brotli.decompress(written["br"]) == page
    assert gzip.decompress(written["gzip"]) == page
    assert "Gempa kecil di selatan Jawa" in page.decode()
    # nginx's workers read them as another user.
    for name in NAMES.values():
        mode = (folder / lane.PAGES / lane.relative(url) / name).stat().st_mode
        assert mode & 0o777 == 0o644


def test_only_pages_the_edge_would_serve_from_a_file(client, folder):
    make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    client.get("/nasional/?page=1")  # a query string: the edge asks its cache
    client.get("/?utm_source=wa")
    client.get("/feed/")  # not a page
    client.get("/tidak-ada-rubrik/")  # a 404
    client.get("/cari/?q=gempa")
    written = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert written == []
    client.get("/nasional/")
    assert sorted(files(folder, "/nasional/")) == ["br", "gzip", "identity"]


def test_a_hit_writes_the_files_again_when_they_are_gone(client, folder):
    client.get("/")
    for path in folder.rglob("index.html"):
        path.unlink()
    assert client.get("/").status_code == 200  # a hit, from Warta's own cache
    assert sorted(files(folder, "/")) == ["br", "gzip", "identity"]


def test_a_change_removes_the_files_of_the_pages_that_show_it_before_it_returns(
    client, folder, django_capture_on_commit_callbacks
):
    nasional, olahraga = make_section("Nasional"), make_section("Olahraga")
    lone = make_article("Sidang kabinet membahas anggaran", section=nasional)
    for page in ("/", "/nasional/", "/olahraga/", lone.get_absolute_url()):
        client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Tim nasional menang tipis", section=olahraga)
    # No waiting for the refresh: the files are gone when the change returns.
    assert files(folder, "/") == {}
    assert files(folder, "/olahraga/") == {}
    # What does not show the new story stays.
    assert sorted(files(folder, "/nasional/")) == ["br", "gzip", "identity"]
    assert sorted(files(folder, lone.get_absolute_url())) == ["br", "gzip", "identity"]


def test_a_take_down_removes_the_story_file(client, folder, django_capture_on_commit_callbacks):
    story = make_article("Berita yang diturunkan", section=make_section("Nasional"))
    client.get(story.get_absolute_url())
    assert files(folder, story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        actions.take_down_article(
            story, by=None, reason="sara", text="Diturunkan karena memuat unsur SARA."
        )
    assert files(folder, story.get_absolute_url()) == {}
    assert client.get(story.get_absolute_url()).status_code == 410
    assert files(folder, story.get_absolute_url()) == {}  # a 410 is never a file


def test_a_site_wide_change_removes_every_file(client, folder):
    make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    for page in ("/", "/nasional/"):
        client.get(page)
    freshness.bump({freshness.ALL})
    assert [
        path for path in folder.rglob("*") if path.is_file() and ".gone-" not in str(path)
    ] == []
    assert lane.expire() == 0
    assert list(folder.iterdir()) == []  # what was moved aside is deleted by the next sweep


def test_a_page_rendered_before_a_change_is_not_written(rf, folder):
    page = StoredPage.of(HttpResponse(b"<p>lama</p>" * 100))
    freshness.current()  # the site-wide key, as before any rendering
    since = freshness.now()
    freshness.remember(["tag:1"], since)
    freshness.bump({"tag:1"})  # the tag changed while the page was being rendered
    lane.fill(rf.get("/tag/banjir/"), page, ["tag:1"], since)
    assert files(folder, "/tag/banjir/") == {}
    lane.fill(rf.get("/tag/banjir/"), page, ["tag:1"], freshness.now())
    assert sorted(files(folder, "/tag/banjir/")) == ["br", "gzip", "identity"]


def test_old_files_expire(client, folder, settings):
    settings.WARTA_EDGE_LANE_MAX_AGE = 60
    make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    client.get("/")
    client.get("/nasional/")
    old = time.time() - 61
    for path in (folder / lane.PAGES / name for name in NAMES.values()):
        os.utime(path, (old, old))
    assert lane.expire() == 3
    assert files(folder, "/") == {}
    assert sorted(files(folder, "/nasional/")) == ["br", "gzip", "identity"]


def test_an_earlier_releases_layout_is_swept_away(client, folder):
    """Before December 2026 each encoding had its folder; an edge still configured for that
    would serve those files for ever, since no change removes them any more."""
    for name in ("br", "gzip", "identity"):
        (folder / name / "nasional").mkdir(parents=True)
        (folder / name / "nasional" / "index.html").write_bytes(b"halaman lama")
    client.get("/")
    lane.expire()
    assert sorted(entry.name for entry in folder.iterdir()) == [lane.PAGES]
    assert sorted(files(folder, "/")) == ["br", "gzip", "identity"]


@pytest.mark.parametrize(
    "address",
    ["/nasional", "/a/../../etc/", "/a/./b/", "//a/", "/a/?page=2", "nasional/", "/a\0/"],
)
def test_addresses_that_could_leave_the_folder_are_never_files(address):
    assert lane.relative(address) is None


def test_the_lane_headers_are_those_of_a_reader_page(client, folder):
    """What the edge adds to a page from a file (edge-config writes them) is what Warta's own
    answer carries, except what nginx writes itself."""
    response = client.get("/")
    own = {"content-type", "content-length", "etag", "vary", "content-encoding"}
    only_for_nginx = {"x-accel-expires", "surrogate-key"}
    carried = {
        name.lower(): value
        for name, value in response.headers.items()
        if name.lower() not in own | only_for_nginx
    }
    assert {name.lower(): value for name, value in lane.reader_headers()} == carried


def test_the_lane_headers_on_https_tell_browsers_to_stay(folder, settings):
    settings.SITE_URL = "https://warta.example"
    settings.SECURE_HSTS_SECONDS = 31536000
    assert ("Strict-Transport-Security", "max-age=31536000; includeSubDomains") in (
        lane.reader_headers()
    )


def test_no_lane_no_files(client, settings, tmp_path):
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:9"]
    settings.WARTA_EDGE_LANE = ""
    client.get("/")
    assert list(tmp_path.iterdir()) == []


def test_a_lane_that_cannot_be_written_costs_no_reader_a_page(client, folder, caplog):
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("not a folder")
    lane._warned = 0.0
    with caplog.at_level(logging.WARNING, logger="warta.edge"):
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert caplog.text.count("edge lane: cannot") == 1  # said once, not at every request


def test_the_worker_sweep_removes_old_files(client, folder):
    from warta.news.management.commands.worker import sweep

    client.get("/")
    old = time.time() - 3600
    for path in (folder / lane.PAGES / name for name in NAMES.values()):
        os.utime(path, (old, old))
    sweep()
    assert files(folder, "/") == {}
