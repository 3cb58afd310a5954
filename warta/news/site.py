"""The site settings as reader pages read them: from this process's memory or the cache, under
the site-wide change moment, so a page pays the query only after something changed
(actions.save_site_settings bumps it), and a cache read only once per change."""

from django.core.cache import cache

from warta.lib.memo import BoundedMemo
from warta.news import freshness
from warta.news.models import SiteSettings

_read: BoundedMemo[str, SiteSettings] = BoundedMemo(4)


def site_settings() -> SiteSettings:
    moment = freshness.current()
    site = _read.get(moment)
    if site is None:
        key = f"warta:site-settings:{moment}"
        site = cache.get(key)
        if site is None:
            site = SiteSettings.load()
            cache.set(key, site, timeout=3600)
        _read.remember(moment, site)
    return site
