"""`warta serve` is the production server: granian, DEBUG off, compressed far-future static files."""

import pytest

from tests.servers import fetch, warta_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with warta_server(tmp_path_factory.mktemp("serve")) as base:
        yield base


def test_it_serves_the_home_page_with_debug_off(server):
    response = fetch(server + "/")
    assert response.status == 200
    assert "Warta" in response.read().decode()
    assert response.headers["Server"] == "granian"
    missing = fetch(server + "/tidak-ada/")
    assert missing.status == 404
    body = missing.read().decode()
    assert "Halaman tidak ditemukan" in body and "Traceback" not in body


def test_static_files_are_compressed_and_cached_for_a_year(server):
    html = fetch(server + "/").read().decode()
    css = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert (
        css.startswith("/static/public/warta.")
        and css.endswith(".css")
        and css != "/static/public/warta.css"
    )
    response = fetch(server + css, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
