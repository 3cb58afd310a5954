"""Login throttling: after 10 failures in 15 minutes, an account or an address must wait.

Counted in the cache (shared across app servers when Redis is configured). Unknown accounts are
counted like real ones, so the answer never tells which accounts exist.
"""

from django.core.cache import cache

LIMIT = 10
WINDOW = 15 * 60


def _keys(username: str, ip: str) -> list[str]:
    return [f"warta:login:user:{username.strip().lower()}", f"warta:login:ip:{ip}"]


def is_blocked(username: str, ip: str) -> bool:
    return any((cache.get(key) or 0) >= LIMIT for key in _keys(username, ip))


def record_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        if cache.add(key, 1, timeout=WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=WINDOW)


def clear(username: str) -> None:
    cache.delete(_keys(username, "")[0])
