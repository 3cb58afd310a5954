"""A stored reader page goes out before the session, authentication, CSRF and messages
middleware, in one cache call, with every header a rendered page has."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db

VARYING = {"Date", "Content-Length"}


@pytest.fixture
def story():
    return make_article("Pelabuhan Tanjung Priok ramai pemudik", section=make_section("Nasional"))


def test_a_hit_has_every_header_a_rendered_page_has(client, story):
    url = story.get_absolute_url()
    rendered = client.get(url, headers={"accept-encoding": "br"})
    hit = client.get(url, headers={"accept-encoding": "br"})
    assert hit.content == rendered.content
    assert {name: value for name, value in rendered.items() if name not in VARYING} == {
        name: value for name, value in hit.items() if name not in VARYING
    }
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert header in hit
    assert "Cookie" not in hit.get("Vary", "") and not hit.cookies


def test_a_hit_skips_the_session_and_the_user(client, story, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    sessions = []
    real = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware,
        "process_request",
        lambda self, request: sessions.append(1) or real(self, request),
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert sessions == [] and len(queries) == 0
    # A page that is not stored yet goes the whole way.
    client.get("/nasional/")
    assert sessions == [1]


def test_a_hit_is_one_cache_call(client, story, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)  # the keys of the address are known from here on
    calls, depth = [], []
    backend = caches["default"]
    for name in ("get", "get_many", "set", "add", "set_many"):
        real = getattr(backend, name)

        def spy(*args, _name=name, _real=real, **kwargs):
            if not depth:  # locmem's get_many calls its own get: count what Warta calls
                calls.append((_name, args[:1]))
            depth.append(1)
            try:
                return _real(*args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(backend, name, spy)
    assert client.get(url).status_code == 200
    assert [name for name, _ in calls] == ["get_many"], calls


def test_a_304_for_a_hit(client, story):
    url = story.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_an_old_address_on_the_home_page_still_redirects_once_home_is_stored(client, story):
    from warta.news.models import OldAddress

    OldAddress.objects.create(path="/?p=1177", article=story)
    client.get("/")
    client.get("/")  # stored, and its keys known
    moved = client.get("/?p=1177")
    assert (moved.status_code, moved["Location"]) == (301, story.get_absolute_url())
