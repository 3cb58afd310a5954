"""Reader addresses, reversed once per process.

Django's reverse() costs about 25 µs, and a list page asks for a hundred addresses (each card's
article, section and photo links): a tenth of the home page's rendering. An address depends
only on the route's name, its arguments, the script prefix and the URLconf in force, so it is
remembered under those.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

REMEMBERED = 20_000


@lru_cache(maxsize=REMEMBERED)
def _reversed(name: str, args: tuple[object, ...], prefix: str, urlconf: str | None) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def url(name: str, *args: object) -> str:
    """reverse(name, args=args), remembered."""
    return _reversed(name, args, get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _routes_changed(setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
