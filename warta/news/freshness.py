"""One counter that says "the published content changed".

Every reader page's cache key and validator includes it, so a publish, update or unpublish
invalidates the home, section, tag, topic, person, index and feed pages at once, without
having to know which of them listed the article.
"""

import time

from django.core.cache import cache

KEY = "warta:content-generation"


def current() -> str:
    value = cache.get(KEY)
    if value is None:
        value = str(time.time_ns())
        if not cache.add(KEY, value, timeout=None):
            value = cache.get(KEY) or value
    return value


def bump() -> None:
    cache.set(KEY, str(time.time_ns()), timeout=None)
