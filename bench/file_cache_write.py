"""What a write to the cache on one machine costs as the cache fills: Django's FileBasedCache
lists its whole folder on every write (to learn whether it must cull); warta.file_cache counts
it at most once a second. A page rendered writes at least twice (the page, its last good copy).

    .venv/bin/python bench/file_cache_write.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(USE_TZ=True)
django.setup()

from django.core.cache.backends.filebased import FileBasedCache  # noqa: E402

from warta.file_cache import CountedFileCache  # noqa: E402

PAGE = b"<p>Warta</p>" * 300  # about a page's size
WRITES = 300


def per_write(backend: type, filled: int) -> float:
    """Milliseconds per write into a cache that already holds `filled` entries."""
    cache = backend(tempfile.mkdtemp(prefix="warta-bench-fc-"), {"OPTIONS": {"MAX_ENTRIES": 5000}})
    for number in range(filled):
        cache.set(f"old-{number}", PAGE, 600)
    times = []
    for number in range(WRITES):
        started = time.perf_counter()
        cache.set(f"new-{number}", PAGE, 600)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    print(f"median of {WRITES} writes of {len(PAGE):,} bytes; MAX_ENTRIES 5,000")
    print(f"  {'entries':>8} {'Django (ms)':>12} {'Warta (ms)':>11} {'ratio':>7}")
    for filled in (0, 1000, 4000):
        django_ms = per_write(FileBasedCache, filled)
        warta_ms = per_write(CountedFileCache, filled)
        print(f"  {filled:>8,} {django_ms:12.3f} {warta_ms:11.3f} {warta_ms / django_ms:7.2f}")


if __name__ == "__main__":
    main()
