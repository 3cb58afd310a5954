"""The masthead and footer around every reader page, drawn once per process for what they show.

Both depend only on the site's name, settings and menu (which change with a site-wide change,
news.freshness.current()), the language, the section the page is in and the year; rendering
them through the template on every page cost about a millisecond of each render. A search
page's masthead holds the reader's words, so it is drawn for that page alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from warta.lib.memo import BoundedMemo
from warta.news import freshness
from warta.news.site import site_settings
from warta.public.navigation import navigation

_drawn: BoundedMemo[tuple[object, ...], SafeString] = BoundedMemo(500)


def masthead(active_section: str, query: str = "") -> SafeString:
    """The skip link, the outlet's name, the search box and the section menu."""
    if query:
        return _draw("public/includes/masthead.html", active_section=active_section, query=query)
    return _once("public/includes/masthead.html", active_section=active_section)


def footer() -> SafeString:
    """The newsroom's pages, its profiles and tip address, and the time zone note."""
    return _once("public/includes/site_footer.html", year=timezone.localdate().year)


def _once(template: str, **shown: Any) -> SafeString:
    key = (
        template,
        *sorted(shown.items()),
        freshness.current(),
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )
    found = _drawn.get(key)
    if found is None:
        found = _drawn.remember(key, _draw(template, **shown))
    return found


def _draw(template: str, **shown: Any) -> SafeString:
    context = {
        "site_name": settings.SITE_NAME,
        "site": site_settings(),
        "nav": navigation(),
        **shown,
    }
    return mark_safe(render_to_string(template, context))  # noqa: S308 - a template's output


@receiver(setting_changed)
def _settings_changed(**kwargs: object) -> None:
    """The outlet's name, language, static files: tests change what the shell shows."""
    _drawn.clear()
