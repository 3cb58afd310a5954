"""What Warta tells the edge in front of it (tests/edge runs it against a real nginx): how long
it may keep each answer, which pages it keeps under which keys, and which it must fetch again
after a change."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches

from warta.news import actions, freshness
from warta.public import edge
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    """An edge that only writes down what it is asked for."""

    seen: list[tuple[str, str, str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.seen.append(
            (
                self.path,
                self.headers.get("Accept-Encoding", ""),
                self.headers.get("X-Warta-Refresh", ""),
                self.headers.get("Host", ""),
            )
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.seen = []
    settings.WARTA_EDGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}"]
    settings.SITE_URL = "https://warta.example"
    yield Recorder
    server.shutdown()
    server.server_close()


def refreshed(recorder) -> set[str]:
    """The pages the edge was asked to fetch again: always under the refresh prefix, which
    the edge's configuration alone takes as a refresh."""
    edge.wait()
    paths = {path for path, _encoding, _secret, _host in recorder.seen}
    assert all(path.startswith(edge.REFRESH_PREFIX + "/") for path in paths), paths
    return {path.removeprefix(edge.REFRESH_PREFIX) for path in paths}


def test_pages_say_how_long_the_edge_may_keep_them(client, settings):
    settings.WARTA_EDGE_TTL = 45
    story = make_article("Gempa kecil di selatan Jawa", section=make_section("Nasional"))
    assert client.get(story.get_absolute_url())["X-Accel-Expires"] == "45"
    assert client.get(story.get_absolute_url())["X-Accel-Expires"] == "45"  # a hit says so too
    assert client.get("/nasional/?page=1")["X-Accel-Expires"] == "45"
    # Junk in the query string: the edge would keep one copy per variant, so it keeps none.
    assert client.get("/?utm_source=wa")["X-Accel-Expires"] == "0"
    assert client.get("/cari/?q=gempa")["X-Accel-Expires"] == "0"
    # A 404 may become a page at the next publish: the edge keeps nothing it is not told to.
    assert client.get("/tidak-ada-rubrik/").get("X-Accel-Expires", "0") == "0"


def test_a_taken_down_article_replaces_the_kept_page(client, settings):
    settings.WARTA_EDGE_TTL = 45
    story = make_article("Berita yang diturunkan")
    actions.take_down_article(
        story, by=None, reason="sara", text="Diturunkan karena memuat unsur SARA."
    )
    gone = client.get(story.get_absolute_url())
    assert gone.status_code == 410
    assert gone["X-Accel-Expires"] == "45"
    assert "public" in gone["Cache-Control"]


def test_a_publish_makes_the_edge_fetch_again_the_pages_that_list_it(
    client, recorder, django_capture_on_commit_callbacks
):
    nasional, olahraga = make_section("Nasional"), make_section("Olahraga")
    lone = make_article("Sidang kabinet membahas anggaran", section=nasional, tags=["Anggaran"])
    ball = make_article("Liga berakhir imbang", section=olahraga, tags=["Liga"])
    for page in ("/", "/nasional/", "/olahraga/", "/tag/liga/", "/tag/anggaran/", "/feed/"):
        client.get(page)
    client.get(lone.get_absolute_url())
    client.get(ball.get_absolute_url())
    client.get("/?utm_source=wa")  # not kept by the edge, so never fetched again
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Tim nasional menang tipis", section=olahraga, tags=["Liga"])
    paths = refreshed(recorder)
    assert {"/", "/olahraga/", "/tag/liga/", "/feed/"} <= paths
    # The pages that do not show it stay as the edge keeps them.
    assert not paths & {"/nasional/", "/tag/anggaran/", lone.get_absolute_url()}
    assert not any("utm_source" in path for path in paths)
    # Each page in every encoding the edge keeps apart, as the site's host, with the secret.
    home = [
        (encoding, secret, host)
        for path, encoding, secret, host in recorder.seen
        if path == edge.REFRESH_PREFIX + "/"
    ]
    assert sorted(encoding for encoding, _, _ in home) == ["br", "gzip", "identity"]
    assert {secret for _, secret, _ in home} == {edge.secret()}
    assert {host for _, _, host in home} == {"warta.example"}


def test_a_corrected_headline_reaches_the_articles_that_show_it(
    client, recorder, django_capture_on_commit_callbacks
):
    nasional = make_section("Nasional")
    first = make_article("Banjir rob hari pertama", section=nasional, tags=["Banjir"])
    second = make_article("Banjir rob hari kedua", section=nasional, tags=["Banjir"])
    assert "Banjir rob hari pertama" in client.get(second.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.content_changed(first)
    assert second.get_absolute_url() in refreshed(recorder)


def test_a_live_update_refreshes_only_its_report(
    client, recorder, django_capture_on_commit_callbacks
):
    story = make_article("Laporan langsung banjir", section=make_section("Nasional"))
    other = make_article("Pertandingan liga", section=make_section("Olahraga"))
    for page in ("/", story.get_absolute_url(), other.get_absolute_url()):
        client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        actions.content_changed(keys=[f"article:{story.pk}"])
    assert refreshed(recorder) == {story.get_absolute_url()}


def test_site_wide_changes_are_left_to_revalidation(client, recorder):
    client.get("/")
    freshness.bump({freshness.ALL})
    assert refreshed(recorder) == set()


def test_no_edge_no_notes(client, settings):
    settings.WARTA_EDGE_URLS = []
    client.get("/")
    assert caches["default"].get(f"{edge.NOTES}{freshness.CONTENT}") is None


def test_pages_rendered_at_once_are_all_noted(settings):
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:9"]
    _noted_at_once()


def test_pages_rendered_at_once_are_all_noted_in_redis(settings):
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:9"]
    settings.CACHES = {
        "default": {
            "BACKEND": "warta.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    caches["default"].clear()
    try:
        _noted_at_once()
    finally:
        caches["default"].clear()


def _noted_at_once() -> None:
    from django.test import RequestFactory

    factory = RequestFactory()
    names = [f"/tag/tag-{n}/" for n in range(40)]

    def note(path: str) -> None:
        edge.note(factory.get(path), [freshness.CONTENT, "tag:1"])

    threads = [threading.Thread(target=note, args=(path,)) for path in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    index = edge._index()
    assert index.take([f"{edge.NOTES}{freshness.CONTENT}"]) == set(names)
    assert index.take([f"{edge.NOTES}tag:1"]) == set(names)
