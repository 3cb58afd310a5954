"""A list's card, drawn once per process for what it shows.

The same few hundred articles appear as cards on the home page, their sections, tags, topics,
writers' pages and under other articles; each card's markup depends only on the fields it shows
(and the language, script prefix and URLconf in force), so it is rendered once under those and
reused, instead of through the template, its photo and its two addresses every time.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from warta.lib.memo import BoundedMemo
from warta.news.models import Article

_cards: BoundedMemo[tuple[object, ...], SafeString] = BoundedMemo(5000)


def _shown(item: Article, show_section: bool, with_summary: bool) -> tuple[object, ...]:
    """Everything the card template reads, as a key."""
    image = item.hero_image
    photo = (
        None
        if image is None
        else (
            image.pk,
            image.rendition_version,
            tuple(image.renditions.get("16x9") or ()),
            image.alt_text,
        )
    )
    return (
        item.pk,
        item.headline,
        item.slug,
        item.kind,
        item.published_at,
        item.section.slug,
        item.section.name if show_section else None,
        item.summary if with_summary else None,
        photo,
        show_section,
        with_summary,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


def card_html(
    item: Article, *, show_section: bool = False, with_summary: bool = False
) -> SafeString:
    key = _shown(item, show_section, with_summary)
    found = _cards.get(key)
    if found is None:
        context = {"item": item, "show_section": show_section, "with_summary": with_summary}
        html = render_to_string("public/includes/card.html", context)
        found = _cards.remember(key, mark_safe(html))  # noqa: S308 - a template's output
    return found


@receiver(setting_changed)
def _settings_changed(**kwargs: object) -> None:
    """Time zone, language, storage: tests change what a card shows through settings."""
    _cards.clear()
