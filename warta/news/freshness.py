"""Which cached reader pages a change makes stale: surrogate keys.

Every cached reader page remembers the keys of what it shows (an article, a section, a tag, a
topic, a person, a day of the index, or "content" for the pages that list the newest news)
and when its rendering began. A change records the moment it happened under each key it
touches; a page is fresh while none of its keys changed after its rendering began. So
publishing one article makes stale its own page, the pages that list it (home, its section
and the section's parent, its tags, topic, writers, the day's index, feeds, sitemaps,
search), and leaves every other article page cached; a live report's update makes stale only
the report itself.

"all" is on every page: the changes whose reach cannot be told from one article (sections,
site settings, static pages, the breaking bar shown on every page) bump it. `current()` is its
value, which keys the caches built from site-wide data (navigation, site settings, search).

Times are nanoseconds since the epoch; app servers behind one cache should keep their clocks
in step (NTP), as a change is judged against the moment another server began a page.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.dispatch import Signal

from warta import replica

if TYPE_CHECKING:
    from warta.news.models import Article

PREFIX = "warta:changed:"
ALL = "all"
CONTENT = "content"

# Sent with `keys` after a change is recorded: an edge in front of Warta (public.edge) refreshes
# the pages it keeps under those keys.
changed = Signal()


def now() -> int:
    return time.time_ns()


def current(key: str = ALL) -> str:
    """The moment of the last change under `key` (by default a site-wide one), as text for
    cache keys."""
    name = f"{PREFIX}{key}"
    value = read([name]).get(name)
    if value is None:
        value = now()
        if not cache.add(name, value, timeout=None):
            value = cache.get(name) or value
    return str(value)


@dataclass(frozen=True)
class _Seen:
    """Change moments this process read while the stamp stood at `stamp`."""

    stamp: object
    moments: dict[str, int]


_seen = _Seen(None, {})


def read(names: Sequence[str], *entries: str) -> dict[str, Any]:
    """The change moments `names` (from `names()`) and the cache entries `entries`, in one
    cache call. While the stamp stands still, no change was recorded since this process read
    a moment, so moments come from memory: a page rendered after a change reads each of its
    keys once, not once for the stored copy, once for Berita Terkait, once before storing."""
    global _seen
    moment = stamp()  # before the cache is read: a change after it moves the stamp
    if moment is None:
        return cache.get_many([*entries, *names])
    seen = _seen
    if seen.stamp != moment:
        seen = _seen = _Seen(moment, {})
    known = {name: seen.moments[name] for name in names if name in seen.moments}
    wanted = [*entries, *(name for name in names if name not in known)]
    found = cache.get_many(wanted) if wanted else {}
    for name in names:
        if name in found:
            seen.moments[name] = found[name]
    return {**found, **known}


def bump(keys: Iterable[str] = (ALL,)) -> None:
    """Record that what these keys name changed now."""
    names = {*keys}
    moment = now()
    # A replica's readers learn how far the primary had written before they learn the change.
    cache.set_many(
        {**replica.position_of_changes(), **{f"{PREFIX}{key}": moment for key in names}},
        timeout=None,
    )
    count_change = getattr(cache, "count_change", None)
    if count_change is not None:  # after the keys are written: whoever sees it sees them
        count_change()
    changed.send(sender=None, keys=frozenset(names))


def stamp() -> object:
    """Where the changes stand, when the cache can tell that cheaply, else None: the file cache
    on one machine counts them (warta.file_cache); on Redis, each process counts those it hears
    announced (warta.cache). Two equal stamps mean no change was recorded between the two
    readings, so a page found fresh at the first is fresh at the second."""
    changes = getattr(cache, "changes", None)
    return None if changes is None else changes()


def names(keys: Iterable[str]) -> list[str]:
    """The cache entries that hold when these keys (and "all") last changed."""
    return [f"{PREFIX}{key}" for key in {ALL, *keys}]


def fresh(keys: Iterable[str], since: int, found: dict[str, Any] | None = None) -> bool:
    """True when nothing these keys name (nor anything site-wide) changed after `since`. A key
    the cache lost counts as changed now: a page is rendered again rather than served stale.
    `found`: the entries of `names(keys)`, when the caller read them along with the page."""
    names = [f"{PREFIX}{key}" for key in {ALL, *keys}]
    if found is None:
        found = read(names)
    else:
        found = {name: found[name] for name in names if name in found}
    lost = [name for name in names if name not in found]
    if lost:
        moment = now()
        for name in lost:
            cache.add(name, moment, timeout=None)
        return False
    return all(int(value) <= since for value in found.values())


def remember(keys: Iterable[str], since: int) -> None:
    """Before a page rendered from `since` is stored: keys never seen (or lost by the cache)
    start at that moment, so this page is fresh and any older copy is not."""
    names = [f"{PREFIX}{key}" for key in {ALL, *keys}]
    found = read(names)
    for name in names:
        if name not in found:
            cache.add(name, since, timeout=None)


def article_keys(article: Article) -> set[str]:
    """Every page that shows the article, as keys: its own, and the lists it is on."""
    keys = {CONTENT, f"article:{article.pk}", f"section:{article.section_id}"}
    section = article.section
    if section.parent_id:
        keys.add(f"section:{section.parent_id}")
    if article.topic_id:
        keys.add(f"topic:{article.topic_id}")
    if article.editor_id:
        keys.add(f"person:{article.editor_id}")
    keys.update(
        f"person:{pk}" for pk in article.article_writers.values_list("person_id", flat=True)
    )
    keys.update(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True))
    if article.published_at is not None:
        from django.utils import timezone

        keys.add(f"day:{timezone.localdate(article.published_at).isoformat()}")
    return keys
