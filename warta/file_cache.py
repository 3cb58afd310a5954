"""The cache on one machine: Django's file cache, plus a count of the changes recorded in it.

Every change to what reader pages show (news.freshness.bump) adds one to a counter kept in a
small file beside the cache entries, after the change's own entries are written; every
process maps that file into memory. A process that found a page's keys unchanged at one
reading of the counter knows nothing changed since while the counter reads the same: a hit
then reads memory instead of a cache file per key. (A stat() per hit would do as much, but it
releases the GIL, and the app server's threads queue for it.) The file is looked up again every
RECHECK seconds, should someone have deleted the cache folder; emptying the cache counts as a
change.
"""

from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
import pickle
import secrets
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

COUNTER_NAME = "warta-changes.count"  # not *.djcache: the cache's cull and clear leave it be
RECHECK = 1.0
# Django's file cache lists its whole folder on every write to learn whether it is full: 5.6 ms
# a write at 4,000 entries, twice for each page rendered. Here the folder is counted at most
# this often per process; between two counts the cache may outgrow MAX_ENTRIES by the writes
# of that second.
CULL_EVERY = 1.0
ENTRY_LEVEL = 1


class ChangeCounter:
    """An 8-byte count in a file, read from a shared memory map, added to under a file lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map: mmap.mmap | None = None
        self._inode = 0
        self._checked = 0.0
        self._lock = threading.Lock()

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(descriptor).st_size < 8:
            # Unlocked by hand: a memory map of the file would hold the lock past close().
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                if os.fstat(descriptor).st_size < 8:
                    # From a random count: a file made again (the folder deleted) never reads
                    # as the count an old page was checked at.
                    os.pwrite(descriptor, secrets.randbits(62).to_bytes(8, "little"), 0)
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        return descriptor

    def _mapped(self) -> mmap.mmap:
        moment = time.monotonic()
        if self._map is not None and moment - self._checked < RECHECK:
            return self._map
        with self._lock:
            self._checked = moment
            try:
                inode = os.stat(self.path).st_ino
            except FileNotFoundError:
                inode = -1
            if self._map is None or inode != self._inode:
                descriptor = self._open()
                try:
                    self._map = mmap.mmap(descriptor, 8, prot=mmap.PROT_READ)
                    self._inode = os.fstat(descriptor).st_ino
                finally:
                    os.close(descriptor)
            return self._map

    def read(self) -> int:
        """The count: equal readings mean no change between them."""
        mapped = self._mapped()
        while True:  # a read that overlapped a write could mix the two: read until it agrees
            first = mapped[:8]
            if first == mapped[:8]:
                return int.from_bytes(first, "little")

    def add_one(self) -> None:
        descriptor = self._open()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            value = int.from_bytes(os.pread(descriptor, 8, 0), "little")
            os.pwrite(descriptor, (value + 1).to_bytes(8, "little"), 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)


# One counter per folder in a process: Django makes a cache object per thread.
_counters: dict[str, ChangeCounter] = {}
_counters_lock = threading.Lock()
_counted_at: dict[str, float] = {}  # when each folder was last counted for culling


class CountedFileCache(FileBasedCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(location, params)
        folder = self._folder = os.path.abspath(location)  # as FileBasedCache keeps it
        with _counters_lock:
            self._counter = _counters.get(folder) or ChangeCounter(Path(folder) / COUNTER_NAME)
            _counters[folder] = self._counter

    def changes(self) -> int:
        """Where the changes recorded on this machine stand (see news.freshness.stamp)."""
        return self._counter.read()

    def count_change(self) -> None:
        self._counter.add_one()

    def _cull(self) -> None:
        moment = time.monotonic()
        if moment - _counted_at.get(self._folder, -CULL_EVERY) < CULL_EVERY:
            return
        _counted_at[self._folder] = moment
        super()._cull()  # type: ignore[misc]

    def clear(self) -> None:
        super().clear()
        self.count_change()

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        """As Django writes an entry (a whole new file renamed over the old one, so a reader
        sees one or the other), under a temporary name of this thread's instead of mkstemp's
        random one, renamed with os.replace instead of file_move_safe's checks: together a
        twentieth of a page's render. The name ends in .tmp, which culling and clearing leave
        alone, as they leave mkstemp's."""
        self._createdir()  # type: ignore[attr-defined]
        name = self._key_to_file(key, version)  # type: ignore[attr-defined]
        self._cull()
        temporary = f"{name}.{os.getpid()}-{threading.get_ident()}.tmp"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            os.replace(temporary, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
            raise

    def _write_content(self, file: Any, timeout: float | None, value: Any) -> None:
        """As Django writes an entry, at zlib's fastest level instead of its default: a stored
        page is mostly its gzip and brotli copies, which do not compress again, and level 6
        spent 1 ms a page rendered for nothing. Reading is unchanged (zlib reads any level)."""
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        # A value that says its bytes are compressed already (a stored page) is not squeezed
        # again: zlib's "stored" level only frames it, as Django's reading expects.
        level = 0 if getattr(value, "precompressed", False) else ENTRY_LEVEL
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), level))
