"""`warta serve` is the production server: granian, DEBUG off, compressed far-future static files."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        return urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "WARTA_DATA_DIR": str(data), "WARTA_DEBUG": "false"}
    env.pop("WARTA_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "warta", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "warta", "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/")
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


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
