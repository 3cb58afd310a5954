"""Warta behind the nginx that `warta edge-config nginx` configures: Debian's nginx, the shipped
configuration, `warta serve`, and changes made by another Warta process (as the worker or a
second app server makes them).

Pages are kept for a minute (WARTA_EDGE_TTL=60) here, so what reaches readers within a second
reached them through Warta's refresh, not through nginx revalidating.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import pytest

from tests.servers import fetch, free_port, warta_command, warta_env, warta_server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TTL = 60


class Edge:
    def __init__(self, base: str, warta: subprocess.Popen, env: dict, cache: Path, urls: list):
        self.base = base
        self.warta = warta
        self.env = env
        self.cache = cache
        self.articles: list[str] = urls

    def get(self, path: str, encoding: str = "br", **headers: str):
        return fetch(self.base + path, **{"Accept-Encoding": encoding, **headers})

    def text(self, path: str) -> str:
        response = self.get(path)
        body = response.read()
        if response.headers.get("Content-Encoding") == "br":
            body = brotli.decompress(body)
        elif response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode()

    def kept(self, path: str) -> bool:
        """Whether the edge serves `path` from its copy once it has fetched it. nginx installs
        a copy after the answer has gone out, and another of its workers may take the next
        request first: a reader may meet a second miss, but within a second every one hits."""
        self.text(path)
        deadline = time.time() + 1.0
        while time.time() < deadline:
            if self.get(path).headers["X-Cache"] == "HIT":
                return True
            time.sleep(0.05)
        return False

    def entries(self) -> int:
        return sum(1 for item in self.cache.rglob("*") if item.is_file())

    def shell(self, call: str) -> dict:
        code = f"from tests.edge import newsroom; newsroom.{call}"
        output = warta_command(self.env, "shell", "-c", code)
        return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (make test-deps installs Debian's nginx)")
    root = tmp_path_factory.mktemp("edge")
    data, prefix = root / "data", root / "nginx"
    prefix.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    extra = {
        "WARTA_EDGE_URLS": base,
        "WARTA_EDGE_TTL": str(TTL),
        "WARTA_TRUSTED_PROXIES": "127.0.0.1",
        "WARTA_SITE_URL": base,
    }
    started: list[subprocess.Popen] = []
    with warta_server(data, env=extra, started=started) as origin:
        env = warta_env(data, base, extra)
        upstream = origin.removeprefix("http://")
        conf = root / "nginx.conf"
        warta_command(
            env,
            *("edge-config", "nginx", "--listen", f"127.0.0.1:{port}", "--upstream", upstream),
            *("--standalone", str(prefix), "--cache-dir", str(prefix / "cache"), "-o", str(conf)),
        )
        command = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]
        subprocess.run([*command, "-t"], check=True, capture_output=True)
        subprocess.run(command, check=True)
        try:
            site = Edge(base, started[0], env, prefix / "cache", [])
            site.articles = site.shell("setup()")["articles"]
            yield site
        finally:
            subprocess.run([*command, "-s", "stop"], check=False)


def test_a_page_is_kept_by_the_edge_and_served_without_warta(edge):
    article = edge.articles[0]
    assert edge.get(article).status == 200
    assert edge.kept(article)
    again = edge.get(article)
    assert again.headers["X-Cache"] == "HIT"
    assert again.headers["Content-Encoding"] == "br"
    assert again.headers["Server"].startswith("nginx")
    assert "Banjir rob merendam pesisir utara" in edge.text(article)
    # What only nginx needs stays with nginx.
    assert "X-Accel-Expires" not in again.headers
    assert "Surrogate-Key" not in again.headers
    # Each encoding is its own copy; a browser without one gets plain HTML.
    plain = edge.get(article, encoding="identity")
    assert "Content-Encoding" not in plain.headers
    assert "Banjir rob merendam" in plain.read().decode()


def _seen_within(edge, pages: list[str], text: str, limit: float) -> dict[str, float]:
    """Poll every page until it shows `text`; when each first did (time.time())."""

    def watch(path: str) -> float:
        deadline = time.time() + limit
        while time.time() < deadline:
            if text in edge.text(path):
                return time.time()
            time.sleep(0.05)
        return float("inf")

    pool = ThreadPoolExecutor(len(pages))
    return dict(zip(pages, pool.map(watch, pages), strict=True))


def test_a_publish_reaches_every_page_that_lists_it_within_a_second(edge):
    lists = ["/", "/nasional/", "/tag/banjir-rob/", "/penulis/dewi-lestari/", "/indeks/"]
    lists += ["/feed/", "/nasional/feed/"]
    for page in lists:
        assert edge.kept(page), page
    headline = "Tanggul darurat selesai dibangun di pesisir utara"
    with ThreadPoolExecutor(1) as pool:
        watching = pool.submit(_seen_within, edge, lists, headline, 40.0)
        done = edge.shell(f"publish({headline!r})")
        seen = watching.result()
    late = {page: round(when - done["committed"], 2) for page, when in seen.items()}
    assert all(delay <= 1.0 for delay in late.values()), late
    assert headline in edge.text(done["url"])


def test_a_corrected_headline_reaches_the_pages_that_show_it_within_a_second(edge):
    corrected, others = edge.articles[1], edge.articles[2:4]
    pages = [corrected, *others, "/"]
    for page in pages:
        assert edge.kept(page), page
    # The other stories list the corrected one under "Berita Terkait".
    assert all("hari ke-2" in edge.text(page) for page in others)
    headline = "Banjir rob merendam pesisir utara, hari kedua (diperbaiki)"
    with ThreadPoolExecutor(1) as pool:
        watching = pool.submit(_seen_within, edge, pages, headline, 40.0)
        done = edge.shell(f"correct({corrected!r}, {headline!r})")
        seen = watching.result()
    late = {page: round(when - done["committed"], 2) for page, when in seen.items()}
    assert all(delay <= 1.0 for delay in late.values()), late


def test_a_taken_down_story_leaves_the_edge_within_a_second(edge):
    story = edge.articles[4]
    assert edge.kept(story)
    with ThreadPoolExecutor(1) as pool:

        def gone() -> float:
            deadline = time.time() + 40
            while time.time() < deadline:
                if fetch_status(edge, story) == 410:
                    return time.time()
                time.sleep(0.05)
            return float("inf")

        watching = pool.submit(gone)
        done = edge.shell(f"take_down({story!r})")
        assert watching.result() - done["committed"] <= 1.0
    for encoding in ("br", "gzip", "identity"):
        assert fetch_status(edge, story, encoding) == 410, encoding


def fetch_status(edge, path: str, encoding: str = "br") -> int:
    return edge.get(path, encoding).status


def test_junk_query_strings_make_no_copies(edge):
    edge.text("/")
    before = edge.entries()
    for number in range(20):
        response = edge.get(f"/?utm_source=wa{number}&x={number}")
        assert response.status == 200
        assert response.headers["X-Cache"] in {"MISS", "EXPIRED", "BYPASS"}
    assert edge.entries() == before
    # A list's second page is a page like any other.
    assert edge.kept("/nasional/?page=1")


def test_signed_in_staff_always_reach_warta(edge):
    assert edge.kept("/")
    assert edge.get("/", Cookie="sessionid=abc").headers["X-Cache"] == "BYPASS"


def test_only_warta_can_make_the_edge_fetch_a_page_again(edge):
    assert edge.kept("/nasional/")
    wrong = edge.get("/nasional/", **{"X-Warta-Refresh": "tebakan-yang-salah"})
    assert wrong.headers["X-Cache"] == "HIT"
    secret = warta_command(
        edge.env, "shell", "-c", "from warta.public import edge; print(edge.secret())"
    ).split()[-1]
    assert edge.get("/nasional/", **{"X-Warta-Refresh": secret}).headers["X-Cache"] == "BYPASS"


def test_request_bodies_larger_than_an_upload_are_refused_at_the_edge(edge):
    import urllib.request

    body = b"x" * (22 * 1024 * 1024)
    request = urllib.request.Request(  # noqa: S310 - loopback only
        edge.base + "/desk/masuk/", data=body, method="POST"
    )
    try:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 - loopback only
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    except (ConnectionError, urllib.error.URLError):
        status = 413  # nginx may close the connection while the body is still being sent
    assert status == 413


def test_static_files_come_precompressed_from_disk(edge):
    html = edge.text("/")
    css = html.split('rel="stylesheet" href="')[1].split('"')[0]
    response = edge.get(css)
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]
    assert "X-Cache" not in response.headers  # nginx read it from disk, Warta was not asked
    assert edge.get(css, encoding="gzip").headers["Content-Encoding"] == "gzip"


def test_photo_renditions_come_from_disk(edge):
    html = edge.text(edge.articles[0])
    src = next(part.split('"')[0] for part in html.split('src="')[1:] if "/media/" in part)
    response = edge.get(src)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("image/")
    assert "X-Cache" not in response.headers
    # Only renditions: the uploaded originals beside them are not served.
    assert edge.get("/media/originals/").status in {403, 404}


def test_readers_get_the_kept_pages_while_warta_is_down(edge):
    pages = ["/", edge.articles[0], "/nasional/"]
    html = {page: edge.text(page) for page in pages}
    css = html["/"].split('rel="stylesheet" href="')[1].split('"')[0]
    edge.warta.terminate()
    edge.warta.wait(timeout=10)
    for page in pages:
        response = edge.get(page)
        assert response.status == 200, page
        assert edge.text(page) == html[page]
    assert edge.get(css).status == 200
    # A page never kept cannot be made up: nginx says it cannot reach Warta.
    assert edge.get("/tag/tidak-pernah-dibuka/").status == 502
