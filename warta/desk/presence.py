"""Who has an article open: heartbeats kept for 30 seconds in the shared cache."""

import time

from django.core.cache import cache

TTL = 30


def _key(article_id: int) -> str:
    return f"warta:presence:{article_id}"


def beat(article_id: int, username: str) -> list[str]:
    """Record this editor; return the others still there, by name."""
    now = time.time()
    present = {
        name: seen for name, seen in (cache.get(_key(article_id)) or {}).items() if now - seen < TTL
    }
    present[username] = now
    cache.set(_key(article_id), present, timeout=TTL * 2)
    return sorted(name for name in present if name != username)


def others(article_id: int, username: str) -> list[str]:
    now = time.time()
    present = cache.get(_key(article_id)) or {}
    return sorted(name for name, seen in present.items() if name != username and now - seen < TTL)


def leave(article_id: int, username: str) -> None:
    """The editor closed the article: others stop seeing them at once, not after the TTL."""
    present = cache.get(_key(article_id)) or {}
    if present.pop(username, None) is not None:
        cache.set(_key(article_id), present, timeout=TTL * 2)
