"""Sign-in throttling, for every way in (the desk's form; the Django admin sends people there),
and the forgotten-password form's own limits.

Three counters over 15 minutes, in the cache (shared across app servers when Redis is set):
- an account from one address: 10 failures, then that address waits for that account;
- one address over any accounts: 50 failures, then the address waits (an office behind one
  NAT address should not be locked out by a few typos);
- one account from anywhere: 50 failures, then the account waits everywhere.
One address alone reaches its own limits first, so it can never lock an account out for
everyone else. Unknown accounts are counted like real ones, so answers never tell which exist.

Each counter keeps its own expiry time beside the count: cache backends' incr() may reset the
timeout (the file cache's does, to 5 minutes), and the lock must last the documented window.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache

WINDOW = 15 * 60
LIMITS = {"pair": 10, "ip": 50, "user": 50}


def _keys(username: str, ip: str) -> dict[str, str]:
    name = username.strip().lower()
    return {
        "pair": f"warta:login:pair:{name}:{ip}",
        "ip": f"warta:login:ip:{ip}",
        "user": f"warta:login:user:{name}",
    }


def _count(key: str) -> int:
    stored = cache.get(key)
    if not stored:
        return 0
    count, until = stored
    return count if until > time.time() else 0


def is_blocked(username: str, ip: str) -> bool:
    return any(_count(key) >= LIMITS[kind] for kind, key in _keys(username, ip).items())


def _bump(keys: Iterable[str]) -> None:
    now = time.time()
    for key in keys:
        stored = cache.get(key)
        count, until = stored if stored and stored[1] > now else (0, now + WINDOW)
        cache.set(key, (count + 1, until), timeout=max(1, round(until - now)))


def record_failure(username: str, ip: str) -> None:
    _bump(_keys(username, ip).values())


def clear(username: str, ip: str) -> None:
    """A successful sign-in forgets that address's failures on that account."""
    cache.delete(_keys(username, ip)["pair"])


# Forgotten-password requests over the same 15 minutes: three links an account (from anywhere),
# so nobody can fill a colleague's inbox, and eight requests an address over any accounts.
RESET_LIMITS = {"user": 3, "ip": 8}


def reset_blocked(ip: str) -> bool:
    """The address has asked too often: it is told so (429), whatever it asks for."""
    return _count(f"warta:reset:ip:{ip}") >= RESET_LIMITS["ip"]


def reset_allowed(account: str, ip: str) -> bool:
    """Count a request for an account (its id, or the words asked for when there is none);
    whether a link may go out now. The answer to the person asking is the same either way."""
    user_key = f"warta:reset:user:{account.strip().lower()}"
    allowed = _count(user_key) < RESET_LIMITS["user"]
    _bump([f"warta:reset:ip:{ip}", user_key])
    return allowed
