"""On Redis, each process hears the changes announced by every other: a page it keeps goes out
without a round trip to Redis while nothing changed, and goes stale as soon as a change is
announced anywhere."""

import multiprocessing
import subprocess
import sys
import textwrap
import time

import pytest
import redis
from django.core.cache import caches

import warta.cache
from warta.news import freshness
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db

URL = "redis://127.0.0.1:6379/14"


def resilient(location: str, prefix: str) -> dict:
    return {
        "default": {
            "BACKEND": "warta.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def eventually(check, seconds: float = 2.0):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


@pytest.fixture
def redis_cache(settings, request, monkeypatch):
    # Only the announcements, not the stamp's turning over each second, make a page stale here.
    monkeypatch.setattr(warta.cache, "TRUST", 3600.0)
    prefix = f"t-{request.node.name[:40]}"
    settings.CACHES = resilient(URL, prefix)
    caches["default"].clear()
    assert eventually(lambda: freshness.stamp() is not None), "never listened to the channel"
    yield prefix
    caches["default"].clear()


@pytest.fixture
def reads(monkeypatch):
    done: list[str] = []
    backend = caches["default"]
    for name in ("get", "get_many"):
        real = getattr(backend, name)
        monkeypatch.setattr(
            backend, name, lambda *a, _n=name, _r=real, **k: done.append(_n) or _r(*a, **k)
        )
    return done


def announce_elsewhere(prefix: str, keys: list[str]) -> None:
    """freshness.bump in another process (another app server, a worker)."""
    script = textwrap.dedent(f"""
        import django
        from django.conf import settings
        settings.configure(CACHES={resilient(URL, prefix)!r}, USE_TZ=True)
        django.setup()
        from warta.news import freshness
        freshness.bump({keys!r})
    """)
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_kept_page_costs_no_round_trip_while_nothing_changes(client, redis_cache, reads):
    story = make_article("Angin kencang di Selat Sunda", section=make_section("Nasional"))
    url = story.get_absolute_url()
    client.get(url)
    reads.clear()
    for _ in range(5):
        assert "Angin kencang" in client.get(url).content.decode()
    assert reads == []


def test_a_change_announced_by_another_process_is_seen_at_once(client, redis_cache):
    story = make_article("Angin kencang di Selat Sunda", section=make_section("Nasional"))
    url = story.get_absolute_url()
    client.get(url)
    type(story).objects.filter(pk=story.pk).update(headline="Gelombang tinggi di Selat Sunda")
    assert "Angin kencang" in client.get(url).content.decode()  # nothing announced yet
    announce_elsewhere(redis_cache, [f"article:{story.pk}"])
    announced = time.monotonic()
    assert eventually(lambda: "Gelombang tinggi" in client.get(url).content.decode(), 0.5)
    assert time.monotonic() - announced < 0.5


def test_without_redis_there_is_no_stamp_and_pages_still_render(client, settings):
    settings.CACHES = resilient("redis://127.0.0.1:1/0", "t-down")
    assert freshness.stamp() is None
    freshness.bump(["article:1"])  # the announcement fails quietly
    assert freshness.stamp() is None
    story = make_article("Listrik padam di pesisir", section=make_section("Nasional"))
    assert "Listrik padam" in client.get(story.get_absolute_url()).content.decode()


def _hears_after_fork(answer) -> None:
    if not eventually(lambda: freshness.stamp() is not None):
        answer.send("never listened")
        return
    before = freshness.stamp()
    channel = caches["default"]._listener.channel
    redis.Redis.from_url(URL).publish(channel, b"1")  # as another process announces
    answer.send(eventually(lambda: freshness.stamp() != before, 1.0))


def test_a_forked_worker_hears_the_changes_itself(redis_cache):
    """granian forks its workers from a process that may already listen."""
    parent, child = multiprocessing.Pipe()
    worker = multiprocessing.get_context("fork").Process(target=_hears_after_fork, args=(child,))
    worker.start()
    assert parent.poll(5) and parent.recv() is True
    worker.join(5)
