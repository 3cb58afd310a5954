"""Fault drill: the database stops under a running `warta serve`.

PostgreSQL of the test's own (tests/faults/postgres.py) is stopped with `-m immediate`, as a
crash would: pages readers had are served from the last good copy (even after a publish made
them stale), a page never rendered is the friendly 503, the desk answers 503, nothing is a
500; when the database is back, pages are fresh again.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.faults.postgres import OwnPostgres
from tests.servers import fetch, warta_server

pytestmark = pytest.mark.skipif(
    not OwnPostgres.available(), reason="PostgreSQL's server programs are not installed"
)


@pytest.fixture
def database():
    server = OwnPostgres()
    server.create()
    yield server
    server.destroy()


def shell(data, database, code: str) -> str:
    env = {**os.environ, "WARTA_DATA_DIR": str(data), "WARTA_DATABASE_URL": database.url}
    done = subprocess.run(
        [sys.executable, "-m", "warta", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


PUBLISH = (
    "from warta.test import make_article, make_section; "
    "a = make_article({headline!r}, section=make_section('Nasional')); print(a.get_absolute_url())"
)


class Desk:
    """A signed-in editor's browser, cookies and CSRF token included."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, form: dict | None = None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            return self.opener.open(self.base + path, data=data, timeout=10)  # noqa: S310
        except urllib.error.HTTPError as error:
            return error

    def sign_in(self, username: str, password: str) -> None:
        page = self.open("/desk/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.token = token
        done = self.open(
            "/desk/masuk/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        assert done.status == 200 and done.url.endswith("/desk/")


def test_readers_keep_their_pages_and_nothing_answers_500(tmp_path, database):
    data = tmp_path / "data"
    with warta_server(data, env={"WARTA_DATABASE_URL": database.url}) as base:
        first = shell(data, database, PUBLISH.format(headline="Gempa kecil di Sukabumi"))
        warm = ["/", first, "/nasional/", "/feed/"]
        for path in warm:
            assert fetch(base + path).status == 200, path
        shell(data, database, PUBLISH.format(headline="Harga cabai turun"))  # all now stale
        shell(data, database, "from warta.test import make_staff; make_staff('editor', 'editor')")
        desk = Desk(base)
        desk.sign_in("editor", "editor-Sandi-Rahasia-1")
        article_id = first.strip("/").split("/")[1]
        editor_page = desk.open(f"/desk/berita/{article_id}/").read().decode()
        revision = re.search(r'name="base_revision" value="(\d+)"', editor_page).group(1)
        desk.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', editor_page)[1]

        database.stop()
        for path in warm:
            response = fetch(base + path)
            assert response.status == 200, path
        assert "Gempa kecil di Sukabumi" in fetch(base + "/").read().decode()
        never_seen = fetch(base + "/tag/tidak-pernah-dibuka/")
        assert never_seen.status == 503
        assert "Sedang gangguan" in never_seen.read().decode()
        assert never_seen.headers["Retry-After"] == "60"
        assert fetch(base + "/desk/masuk/").status in (200, 503)
        dashboard = desk.open("/desk/")
        assert dashboard.status == 503 and "Sedang gangguan" in dashboard.read().decode()
        save = desk.open(
            f"/desk/berita/{article_id}/",
            {
                "csrfmiddlewaretoken": desk.token,
                "headline": "Judul yang hilang?",
                "base_revision": revision,
            },
        )
        assert save.status == 503

        database.start()
        assert "Harga cabai turun" in fetch(base + "/").read().decode()
        # Nothing was half-saved while the database was down.
        count = "from warta.news.models import Revision; print(Revision.objects.filter(article_id={}).count())"
        assert shell(data, database, count.format(article_id)) == "2"
