"""The cache on one machine (warta.file_cache): full, it still makes room; a write does not
list the whole folder each time."""

import pytest
from django.core.cache.backends.filebased import FileBasedCache

from warta import file_cache
from warta.file_cache import CountedFileCache


@pytest.fixture
def small(tmp_path):
    return CountedFileCache(str(tmp_path / "cache"), {"OPTIONS": {"MAX_ENTRIES": 30}})


def entries(cache) -> int:
    return len(cache._list_cache_files())


def test_a_write_counts_the_folder_at_most_once_a_second(small, monkeypatch):
    listed = []
    real = FileBasedCache._list_cache_files
    monkeypatch.setattr(
        FileBasedCache, "_list_cache_files", lambda self: listed.append(1) or real(self)
    )
    for number in range(100):
        small.set(f"page-{number}", b"x" * 100)
    assert len(listed) == 1  # Django's own file cache lists it on each of the 100 writes


def test_a_full_cache_still_makes_room(small, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_EVERY", 0.0)
    for number in range(100):
        small.set(f"page-{number}", b"x" * 100)
    assert entries(small) <= 30
    assert small.get("page-99") == b"x" * 100


def test_between_counts_it_outgrows_its_size_only_by_that_seconds_writes(small):
    for number in range(100):
        small.set(f"page-{number}", b"x" * 100)
    assert 30 < entries(small) <= 100
