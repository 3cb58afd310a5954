"""A per-process memo with a bound, for what is cheap to make again but made on every request.

When full it forgets everything at once rather than the least recently used entry: keeping
order would cost every lookup a lock and a move, and a memo refills within a few requests.
Lookups are plain dict reads, safe between the app server's threads.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: K, value: V) -> V:
        """Keep value under key, forgetting the rest first when the memo is full; value."""
        if len(self) >= self.limit and key not in self:
            self.clear()
        self[key] = value
        return value
