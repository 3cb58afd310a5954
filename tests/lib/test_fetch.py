"""The one guard every outgoing fetch goes through (feeds, media, page import, webhooks).

Messages are asserted as the desk shows them, in Indonesian.

Refusals are decided before any connection is made to the forbidden address: names that
resolve there, redirects that lead there, and schemes other than http(s).
"""

import gzip
import socket
import time

import pytest

from tests.origin import Answer
from warta.lib import fetch as guard
from warta.lib.fetch import FetchError, RefusedAddress, fetch


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin/",
        "http://10.1.2.3/",
        "http://172.16.0.9/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://100.100.100.200/",  # shared address space (another cloud's metadata)
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.1/",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_refused(url):
    with pytest.raises(RefusedAddress):
        fetch(url)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "//x", "x"]
)
def test_only_http_and_https(url):
    with pytest.raises(RefusedAddress, match="http"):
        fetch(url)


def test_a_name_is_refused_when_any_of_its_addresses_is_private(monkeypatch):
    """A name with one public and one private address could connect to either."""
    connected = []
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *args, **kw: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ],
    )
    monkeypatch.setattr(socket, "create_connection", lambda *a, **kw: connected.append(a))
    with pytest.raises(RefusedAddress, match="kawat.internal"):
        fetch("http://kawat.internal/rss")
    assert connected == []


def test_the_connection_goes_to_the_checked_address(monkeypatch, origin):
    """DNS rebinding: the name is resolved once, checked, and that very address is used."""
    answers = iter([[("127.0.0.2", origin.server.server_port)], [("127.0.0.1", 1)]])
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kw):
        if host != "wire.example":
            return real(host, port, *args, **kw)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    origin["/rss"] = Answer(body=b"<rss/>")
    port = origin.server.server_port
    assert fetch(f"http://wire.example:{port}/rss").body == b"<rss/>"
    assert origin.asked[0].headers["host"] == f"wire.example:{port}"


def test_redirects_are_checked_again(origin):
    origin["/to-private"] = Answer(302, headers={"Location": "http://127.0.0.1:9/secret"})
    origin["/to-metadata"] = Answer(301, headers={"Location": "http://169.254.169.254/"})
    origin["/to-file"] = Answer(302, headers={"Location": "file:///etc/passwd"})
    for path in ("/to-private", "/to-metadata", "/to-file"):
        with pytest.raises(RefusedAddress):
            fetch(origin.url + path)


def test_redirects_are_followed_to_the_end_and_loops_stopped(origin):
    origin["/a"] = Answer(301, headers={"Location": "/b"})
    origin["/b"] = Answer(302, headers={"Location": f"{origin.url}/c"})
    origin["/c"] = Answer(body=b"here")
    origin["/loop"] = Answer(302, headers={"Location": "/loop"})
    answer = fetch(origin.url + "/a")
    assert (answer.status, answer.body, answer.url) == (200, b"here", f"{origin.url}/c")
    with pytest.raises(FetchError, match="pengalihan"):
        fetch(origin.url + "/loop")
    assert len(origin.asked) == 3 + guard.MAX_REDIRECTS + 1


def test_size_is_bounded_declared_or_not(origin):
    origin["/declared"] = Answer(body=b"x" * 5000)
    origin["/endless"] = Answer(body=b"y" * 65536, endless=True)
    with pytest.raises(FetchError, match="lebih besar"):
        fetch(origin.url + "/declared", max_bytes=4096)
    started = time.monotonic()
    with pytest.raises(FetchError, match="lebih besar"):
        fetch(origin.url + "/endless", max_bytes=2 * 1024 * 1024)
    assert time.monotonic() - started < 10


def test_a_compressed_bomb_is_bounded_by_what_it_unpacks_to(origin):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    origin["/bomb"] = Answer(body=bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(FetchError, match="lebih besar"):
        fetch(origin.url + "/bomb", max_bytes=5 * 1024 * 1024)


def test_a_slow_server_is_given_up_on(origin):
    origin["/slow"] = Answer(body=b"z" * 200, drip=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match="terlalu lama"):
        fetch(origin.url + "/slow", timeout=1.0)
    assert time.monotonic() - started < 5


def test_statuses_are_the_callers_to_judge(origin):
    origin["/gone"] = Answer(410, b"gone")
    origin["/same"] = Answer(304, headers={"ETag": '"v1"'})
    assert fetch(origin.url + "/gone").status == 410
    answer = fetch(origin.url + "/same", headers={"If-None-Match": '"v1"'})
    assert (answer.status, answer.ok) == (304, False)
    assert origin.asked[-1].headers["if-none-match"] == '"v1"'


def test_unknown_names_and_closed_ports_are_plain_errors():
    with pytest.raises(FetchError, match="tidak ditemukan"):
        fetch("http://nama-yang-tidak-ada.invalid/")


def test_the_allowlist_is_an_explicit_setting(settings):
    settings.WARTA_FETCH_ALLOW_NETWORKS = ["10.20.0.0/16"]
    assert guard._permitted(guard.ip_address("10.20.1.1"))
    assert not guard._permitted(guard.ip_address("10.21.1.1"))
    assert not guard._permitted(guard.ip_address("127.0.0.1"))
