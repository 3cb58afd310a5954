"""The section menu and footer links that every reader page shows.

Kept in the cache under the content generation, so a page pays its two queries only after
something changed.
"""

from dataclasses import dataclass, field

from django.core.cache import cache

from warta.news import freshness
from warta.news.models import Page, Section


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    slug: str
    url: str
    children: list["NavSection"] = field(default_factory=list)


@dataclass(frozen=True)
class Navigation:
    sections: list[NavSection]
    footer: list[tuple[str, str]]

    def section(self, pk: int) -> NavSection | None:
        for top in self.sections:
            if top.pk == pk:
                return top
            for child in top.children:
                if child.pk == pk:
                    return child
        return None


def _build() -> Navigation:
    rows = list(Section.objects.order_by("order", "name"))
    tops = {
        row.pk: NavSection(row.pk, row.name, row.slug, row.get_absolute_url())
        for row in rows
        if row.parent_id is None
    }
    for row in rows:
        if row.parent_id in tops:
            tops[row.parent_id].children.append(
                NavSection(row.pk, row.name, row.slug, row.get_absolute_url())
            )
    footer = [(page.title, page.get_absolute_url()) for page in Page.objects.filter(in_footer=True)]
    return Navigation(list(tops.values()), footer)


def navigation() -> Navigation:
    key = f"warta:nav:{freshness.current()}"
    nav = cache.get(key)
    if nav is None:
        nav = _build()
        cache.set(key, nav, timeout=3600)
    return nav
