"""Warta behind the nginx that `warta edge-config nginx` configures: Debian's nginx, the shipped
configuration, `warta serve`, and changes made by another Warta process (as the worker or a
second app server makes them).

Pages are kept for a minute (WARTA_EDGE_TTL=60) here, so what reaches readers within a second
reached them through Warta's refresh, not through nginx revalidating.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import pytest

from tests.servers import fetch, free_port, warta_command, warta_env, warta_server
from warta.public.edge import REFRESH_PREFIX

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TTL = 60
KEPT_NAME = re.compile("[0-9a-f]{32}")


class Edge:
    def __init__(
        self, base: str, warta: subprocess.Popen, env: dict, cache: Path, lane: Path | None
    ):
        self.base = base
        self.warta = warta
        self.env = env
        self.cache = cache
        self.lane = lane
        self.articles: list[str] = []

    def get(self, path: str, encoding: str = "br", method: str = "GET", data=None, **headers: str):
        return fetch(self.base + path, method, data, **{"Accept-Encoding": encoding, **headers})

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
        request first: a reader may meet a second miss, but within a second every one hits.
        With the lane, a page (not a feed, nor a query) then goes out from the file Warta
        wrote, once nginx looks for it again (within a second)."""
        self.text(path)
        deadline = time.time() + 2.5
        while time.time() < deadline:
            if self.get(path).headers["X-Cache"] == "HIT" and (
                not self.files(path) or self.from_file(path)
            ):
                if self.files(path):
                    # One worker found the file; another may have looked before it was written
                    # and trusts that for up to a second more.
                    time.sleep(1.1)
                return True
            time.sleep(0.05)
        return False

    def files(self, path: str) -> bool:
        """Whether the edge may serve `path` from a file Warta wrote."""
        return (
            self.lane is not None
            and path.endswith("/")
            and "?" not in path
            and (not path.endswith("/feed/"))
        )

    def from_file(self, path: str) -> bool:
        """nginx dates a file it sends (Last-Modified); Warta's pages carry no such date."""
        return "Last-Modified" in self.get(path).headers

    def entries(self) -> int:
        """The pages nginx keeps: files named by their key's MD5. While it stores an answer,
        nginx writes it beside them under a temporary, numbered name first."""
        return sum(1 for item in self.cache.rglob("*") if KEPT_NAME.fullmatch(item.name))

    def refresh(self, path: str, secret: str | None = None, **headers: str):
        """Ask the edge for `path` as Warta does after a change."""
        secret = self.secret() if secret is None else secret
        return self.get(REFRESH_PREFIX + path, **{"X-Warta-Refresh": secret, **headers})

    def secret(self) -> str:
        code = "from warta.public import edge; print(edge.secret())"
        return warta_command(self.env, "shell", "-c", code).split()[-1]

    def shell(self, call: str) -> dict:
        code = f"from tests.edge import newsroom; newsroom.{call}"
        output = warta_command(self.env, "shell", "-c", code)
        return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["cache", "lane"])
def edge(request, tmp_path_factory):
    """The edge with its cache alone, and with the lane (pages Warta writes as files) before
    it: every test here holds for both."""
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
    lane = root / "lane" if request.param == "lane" else None
    if lane is not None:
        extra["WARTA_EDGE_LANE"] = str(lane)
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
            site = Edge(base, started[0], env, prefix / "cache", lane)
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


def test_a_kept_page_carries_what_warta_says_of_it(edge):
    """From the edge's cache or from a file, a reader gets the policy Warta's own answer
    carries (the file's headers are in the configuration edge-config wrote)."""
    article = edge.articles[1]
    assert edge.kept(article)
    kept = edge.get(article)
    # With the lane the page went out from Warta's file, else from nginx's cache.
    assert ("Last-Modified" in kept.headers) == (edge.lane is not None)
    straight = edge.refresh(article)  # Warta's own answer
    assert straight.headers["X-Cache"] == "BYPASS"
    for name in (
        "Content-Type",
        "Content-Encoding",
        "Vary",
        "Cache-Control",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert kept.headers[name] == straight.headers[name], name
    assert kept.read() == straight.read()


class Watch:
    """A reader asking for a page again and again (every 20 ms) until it shows what it waits
    for: when each of those requests began, and whether it showed it. "Visible within a
    second" means no request begun a second or more after the change got the page of before.
    nginx may trust a file it holds until its clock's next second, so a request can only be
    judged by when it began."""

    def __init__(self, shows) -> None:
        self.shows = shows
        self.asked: list[tuple[float, bool]] = []

    def run(self, limit: float) -> Watch:
        deadline = time.time() + limit
        while time.time() < deadline:
            began = time.time()
            seen = self.shows()
            self.asked.append((began, seen))
            if seen:
                break
            time.sleep(0.02)
        return self

    def late(self, since: float) -> float:
        """How long after `since` the last request that did not show it began (0 if none)."""
        assert self.asked and self.asked[-1][1], "never shown"
        stale = [began for began, seen in self.asked if not seen]
        return round(max(0.0, max(stale, default=since) - since), 2)


def _watch_all(edge, pages: list[str], text: str, limit: float) -> dict[str, Watch]:
    def watch(path: str) -> Watch:
        return Watch(lambda: text in edge.text(path)).run(limit)

    pool = ThreadPoolExecutor(len(pages))
    return dict(zip(pages, pool.map(watch, pages), strict=True))


def test_a_publish_reaches_every_page_that_lists_it_within_a_second(edge):
    lists = ["/", "/nasional/", "/tag/banjir-rob/", "/penulis/dewi-lestari/", "/indeks/"]
    lists += ["/feed/", "/nasional/feed/"]
    for page in lists:
        assert edge.kept(page), page
    headline = "Tanggul darurat selesai dibangun di pesisir utara"
    with ThreadPoolExecutor(1) as pool:
        watching = pool.submit(_watch_all, edge, lists, headline, 40.0)
        done = edge.shell(f"publish({headline!r})")
        seen = watching.result()
    late = {page: watch.late(done["committed"]) for page, watch in seen.items()}
    assert all(delay < 1.0 for delay in late.values()), late
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
        watching = pool.submit(_watch_all, edge, pages, headline, 40.0)
        done = edge.shell(f"correct({corrected!r}, {headline!r})")
        seen = watching.result()
    late = {page: watch.late(done["committed"]) for page, watch in seen.items()}
    assert all(delay < 1.0 for delay in late.values()), late


def test_a_taken_down_story_leaves_the_edge_within_a_second(edge):
    story = edge.articles[4]
    assert edge.kept(story)
    with ThreadPoolExecutor(1) as pool:
        watching = pool.submit(Watch(lambda: fetch_status(edge, story) == 410).run, 40.0)
        done = edge.shell(f"take_down({story!r})")
        assert watching.result().late(done["committed"]) < 1.0
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
    assert edge.refresh("/nasional/", secret="tebakan-yang-salah").status == 403
    assert edge.get(REFRESH_PREFIX + "/nasional/").status == 403
    # The header alone, at the page's own address, is a reader's request like any other.
    same = edge.get("/nasional/", **{"X-Warta-Refresh": edge.secret()})
    assert same.headers["X-Cache"] == "HIT"
    refreshed = edge.refresh("/nasional/")
    assert refreshed.status == 200
    assert refreshed.headers["X-Cache"] == "BYPASS"
    assert "Nasional" in brotli.decompress(refreshed.read()).decode()
    # The answer replaces the copy readers get, under the same key: no second copy.
    assert edge.kept("/nasional/?page=1")
    before = edge.entries()
    assert edge.refresh("/nasional/?page=1").headers["X-Cache"] == "BYPASS"
    assert edge.entries() == before
    assert edge.get("/nasional/?page=1").headers["X-Cache"] == "HIT"


def test_every_encoding_and_method_gets_its_own_answer(edge):
    """From the file (brotli_static and gzip_static choosing), or from the cache."""
    article = edge.articles[2]
    assert edge.kept(article)
    for asked, sent in [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
    ]:
        response = edge.get(article, encoding=asked)
        assert response.status == 200
        assert response.headers.get("Content-Encoding") == sent, asked
        assert response.headers["Vary"] == "Accept-Encoding"
        assert "Banjir rob merendam" in edge.text(article)
    head = edge.get(article, method="HEAD")
    assert head.status == 200 and head.headers["Content-Encoding"] == "br"
    # A form sent to a page's address reaches Warta (which refuses it without its CSRF token),
    # not nginx's file handler (which would answer 405).
    posted = edge.get(article, method="POST", data=b"nama=Budi")
    assert posted.status == 403
    assert "CSRF" in posted.read().decode()


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
    assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
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
