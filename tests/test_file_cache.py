"""The cache on one machine (warta.file_cache): full, it still makes room; a write does not
list the whole folder each time."""

import os

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


def test_what_is_compressed_already_is_stored_as_it_is(small, monkeypatch):
    """A stored page (its copies are gzip and brotli) is framed, not squeezed again, and reads
    back whole; other values are still compressed."""
    import gzip
    import os
    import zlib

    from warta.public.cache import PageEntry, StoredPage

    noise = gzip.compress(os.urandom(20_000))
    levels = []
    compress = zlib.compress
    monkeypatch.setattr(
        zlib, "compress", lambda data, level: levels.append(level) or compress(data, level)
    )
    page = StoredPage("text/html", '"e"', noise, noise[::-1], None)
    small.set("page", PageEntry(page, ["article:1"], 5))
    small.set("text", "abc " * 5_000)
    assert levels == [0, file_cache.ENTRY_LEVEL]
    assert small.get("page") == PageEntry(page, ["article:1"], 5)
    assert small.get("text") == "abc " * 5_000


def test_a_write_replaces_the_entry_whole_and_leaves_nothing_behind(small, monkeypatch):
    small.set("page", "first")
    small.set("page", "second")
    assert small.get("page") == "second"

    def broken(file, timeout, value):
        file.write(b"half an entry")
        raise OSError("disk full")

    monkeypatch.setattr(small, "_write_content", broken)
    with pytest.raises(OSError, match="disk full"):
        small.set("page", "third")
    assert small.get("page") == "second"  # the old entry, not half of the new one
    folder = os.path.dirname(small._key_to_file("page"))
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]
