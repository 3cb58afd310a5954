"""The site settings as reader pages read them: from the cache, under the content generation,
so a page pays the query only after something changed (actions.save_site_settings bumps it)."""

from django.core.cache import cache

from warta.news import freshness
from warta.news.models import SiteSettings


def site_settings() -> SiteSettings:
    key = f"warta:site-settings:{freshness.current()}"
    site = cache.get(key)
    if site is None:
        site = SiteSettings.load()
        cache.set(key, site, timeout=3600)
    return site
