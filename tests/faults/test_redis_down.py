"""Fault drill: Redis stops while Warta serves. A Redis server started by the test on its own
port (never the machine's) is killed mid-run: reader pages, the desk and sign-in throttling go
on with no 5xx, and the outage is logged once, not per request."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

from tests.servers import free_port
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(settings, tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "warta.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield process
    process.kill()
    process.wait()


def test_readers_and_the_desk_keep_working_when_redis_stops(client, staff, own_redis, caplog):
    story = make_article("Jalan tol baru dibuka")
    pages = ["/", story.get_absolute_url(), "/feed/", "/cari/?q=tol", "/indeks/"]
    for path in pages:
        assert client.get(path).status_code == 200
    assert caches["default"].get("warta:changed:all") is not None  # in Redis

    own_redis.kill()
    own_redis.wait()
    caplog.set_level(logging.ERROR, logger="warta.cache")
    for _round in range(5):
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
    assert "Jalan tol baru dibuka" in client.get("/").content.decode()
    # The desk: sign in, open the dashboard and the editor.
    response = client.post(
        "/desk/masuk/", {"username": "editor", "password": "editor-Sandi-Rahasia-1"}
    )
    assert response.status_code == 302
    assert client.get("/desk/").status_code == 200
    assert client.get(f"/desk/berita/{story.pk}/").status_code == 200
    outage_lines = [r for r in caplog.records if "Redis is not answering" in r.message]
    assert len(outage_lines) == 1


def test_sign_in_throttling_still_counts_while_redis_is_down(client, staff, own_redis):
    own_redis.kill()
    own_redis.wait()
    for _ in range(10):
        client.post("/desk/masuk/", {"username": "editor", "password": "salah"})
    locked = client.post(
        "/desk/masuk/", {"username": "editor", "password": "editor-Sandi-Rahasia-1"}
    )
    assert locked.status_code == 400
