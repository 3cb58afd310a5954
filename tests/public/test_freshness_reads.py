"""A page rendered after a change reads each change moment it depends on once, and a change
recorded anywhere is seen at once (news.freshness.read)."""

import pytest
from django.core.cache import cache, caches

from warta.news import freshness
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def file_cache(settings, tmp_path):
    """The cache of one machine, which counts changes (the tests' usual cache cannot)."""
    settings.CACHES = {
        "default": {"BACKEND": "warta.file_cache.CountedFileCache", "LOCATION": str(tmp_path)}
    }
    cache.clear()


@pytest.fixture
def reads(monkeypatch):
    """Every cache entry read in this thread (where the test client runs the view), by name."""
    seen: list[str] = []
    backend = caches["default"]
    get_many = backend.get_many

    def counted(keys, version=None):
        seen.extend(keys)
        return get_many(keys, version=version)

    monkeypatch.setattr(backend, "get_many", counted)
    return seen


def test_each_key_is_read_once_when_a_page_is_rendered_after_a_change(client, reads):
    section = make_section("Nasional")
    story = make_article("Jembatan baru dibuka untuk warga", section=section, tags=["Jembatan"])
    for _ in range(3):
        make_article(section=section, tags=["Jembatan"])
    url = story.get_absolute_url()
    client.get(url)
    freshness.bump({f"article:{story.pk}"})
    reads.clear()
    assert client.get(url).status_code == 200
    moments = [name for name in reads if name.startswith(freshness.PREFIX)]
    assert moments, "the render read no change moment"
    assert len(moments) == len(set(moments)), sorted(moments)


def test_a_change_is_seen_by_the_next_read():
    name = f"{freshness.PREFIX}article:7"
    freshness.remember(["article:7"], 100)
    assert freshness.read([name])[name] == 100
    assert freshness.fresh(["article:7"], 100)
    freshness.bump({"article:7"})
    assert freshness.read([name])[name] > 100
    assert not freshness.fresh(["article:7"], 100)


def test_emptying_the_cache_forgets_what_was_read():
    freshness.remember(["tag:3"], 100)
    assert freshness.fresh(["tag:3"], 100)
    cache.clear()
    # A key the cache lost counts as changed now.
    assert not freshness.fresh(["tag:3"], 100)
