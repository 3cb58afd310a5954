"""On one machine a hit is served from the process's own memory, reading no cache entry, and
still goes stale the moment any process on the machine records a change: the change counter
of warta.file_cache, which every process maps."""

import subprocess
import sys
import textwrap

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from warta import file_cache
from warta.news import actions, freshness
from warta.public import cache as page_cache
from warta.test import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def machine_cache(settings, tmp_path):
    """The cache a newsroom on one machine runs with (warta.settings without Redis)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "warta.file_cache.CountedFileCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    yield tmp_path / "cache"
    caches["default"].clear()


@pytest.fixture
def reads(monkeypatch):
    """Every read of the cache Warta makes, by name (locmem's get_many calls its own get)."""
    done: list[str] = []
    depth: list[int] = []
    backend = caches["default"]
    for name in ("get", "get_many", "has_key"):
        real = getattr(backend, name)

        def spy(*args, _name=name, _real=real, **kwargs):
            if not depth:
                done.append(_name)
            depth.append(1)
            try:
                return _real(*args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(backend, name, spy)
    return done


@pytest.fixture
def story():
    return make_article("Nelayan Muara Angke panen cumi", section=make_section("Nasional"))


def test_a_hit_reads_no_cache_entry(client, machine_cache, story, reads):
    url = story.get_absolute_url()
    client.get(url)
    reads.clear()
    page = client.get(url)
    assert page.status_code == 200 and "Nelayan Muara Angke" in page.content.decode()
    assert reads == []


def test_a_change_made_by_another_process_is_seen_at_once(client, machine_cache, story, reads):
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)
    # Another process (a worker, another app server process) records a change to the article.
    script = textwrap.dedent(f"""
        import django
        from django.conf import settings
        settings.configure(CACHES={{"default": {{
            "BACKEND": "warta.file_cache.CountedFileCache", "LOCATION": {str(machine_cache)!r}
        }}}}, USE_TZ=True)
        django.setup()
        from warta.news import freshness
        freshness.bump(["article:{story.pk}"])
    """)
    subprocess.run([sys.executable, "-c", script], check=True)
    reads.clear()
    client.get(url)
    assert "get_many" in reads or "get" in reads  # the kept copy was checked, and let go
    # And the page was rendered again: the next hit is from memory once more.
    reads.clear()
    client.get(url)
    assert reads == []


def test_a_publish_in_this_process_reaches_the_kept_pages(
    client, machine_cache, story, django_capture_on_commit_callbacks
):
    client.get("/")
    client.get("/")
    draft = make_article("Harga cabai turun menjelang panen", section=story.section, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(draft, by=make_staff("redaktur", "editor"))
    assert "Harga cabai turun" in client.get("/").content.decode()


def test_emptying_the_cache_lets_the_kept_pages_go(client, machine_cache, story):
    url = story.get_absolute_url()
    client.get(url)
    type(story).objects.filter(pk=story.pk).update(headline="Judul yang diganti langsung")
    assert "Nelayan Muara Angke" in client.get(url).content.decode()  # still the kept copy
    caches["default"].clear()
    assert "Judul yang diganti langsung" in client.get(url).content.decode()


def test_a_counter_file_deleted_or_replaced_is_found_again(machine_cache, monkeypatch):
    monkeypatch.setattr(file_cache, "RECHECK", 0.0)
    before = freshness.stamp()
    freshness.bump(["article:1"])
    after = freshness.stamp()
    assert after == before + 1
    (machine_cache / file_cache.COUNTER_NAME).unlink()
    assert freshness.stamp() != after  # a new file: nothing can be taken as unchanged


def test_the_kept_pages_stay_within_their_memory(client, machine_cache, monkeypatch):
    section = make_section("Nasional")
    urls = [
        make_article(f"Kabar daerah nomor {n}", section=section).get_absolute_url()
        for n in range(6)
    ]
    client.get(urls[0])
    (first,) = page_cache._kept.values()
    monkeypatch.setattr(page_cache, "KEPT_BYTES", first.size * 3)  # about three pages
    for url in urls:
        client.get(url)
    assert page_cache._kept_bytes <= page_cache.KEPT_BYTES
    assert 1 <= len(page_cache._kept) < len(urls)
    assert page_cache._kept_bytes == sum(kept.size for kept in page_cache._kept.values())


def test_without_a_counter_every_hit_checks_the_keys(client, story, reads):
    """Redis or process memory (the tests' default): no counter, so the keys are read each hit."""
    assert freshness.stamp() is None
    url = story.get_absolute_url()
    client.get(url)
    client.get(url)
    reads.clear()
    client.get(url)
    assert reads == ["get_many"]


def test_a_page_is_rendered_again_after_its_time_and_still_serves_when_the_database_is_down(
    client, machine_cache, story, settings, django_assert_max_num_queries, monkeypatch
):
    """One entry is both the fresh page and the last good copy: past WARTA_PAGE_MAX_AGE * 10
    it is rendered again although nothing changed, but it is kept for readers during an
    outage (WARTA_PAGE_STALE_IF_ERROR)."""
    settings.WARTA_PAGE_MAX_AGE = 1
    url = story.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200

    later = page_cache.time.time() + 11
    monkeypatch.setattr(page_cache.time, "time", lambda: later)
    page_cache.forget_kept()
    with CaptureQueriesContext(connection) as rendered:
        assert client.get(url).status_code == 200
    assert len(rendered) > 0

    monkeypatch.setattr(page_cache.time, "time", lambda: later + 20)
    page_cache.forget_kept()
    freshness.bump({f"article:{story.pk}"})

    def down(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr("warta.public.views.get_published_article", down)
    answer = client.get(url)
    assert answer.status_code == 200
    assert "Nelayan Muara Angke panen cumi" in answer.content.decode()
