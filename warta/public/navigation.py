"""The section menu and footer links that every reader page shows.

Kept in the cache and in each process until a site-wide change (news.freshness), so a page
pays its query only after something changed.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import BooleanField, IntegerField, Value
from django.urls import reverse

from warta.lib.memo import BoundedMemo
from warta.news import freshness
from warta.news.models import Page, Section


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    slug: str
    url: str
    in_menu: bool = True
    children: list["NavSection"] = field(default_factory=list)


@dataclass(frozen=True)
class Navigation:
    sections: list[NavSection]
    footer: list[tuple[str, str]]

    @property
    def menu(self) -> list[NavSection]:
        """The top-level sections the menu shows; every section still has its page and is in
        the search's and the index's filters."""
        return [section for section in self.sections if section.in_menu]

    def section(self, pk: int) -> NavSection | None:
        for top in self.sections:
            if top.pk == pk:
                return top
            for child in top.children:
                if child.pk == pk:
                    return child
        return None


def _build() -> Navigation:
    """Sections and footer pages in one query: a UNION of both tables, told apart by `kind`."""
    sections = (
        Section.objects.order_by()
        .annotate(kind=Value("s"))
        .values_list("kind", "pk", "name", "slug", "parent_id", "order", "in_menu")
    )
    pages = (
        Page.objects.filter(in_footer=True)
        .order_by()
        .annotate(
            kind=Value("p"),
            no_parent=Value(None, output_field=IntegerField()),
            shown=Value(True, output_field=BooleanField()),
        )
        .values_list("kind", "pk", "title", "slug", "no_parent", "order", "shown")
    )
    rows = sorted(sections.union(pages, all=True), key=lambda row: (row[5], row[2]))
    tops: dict[int, NavSection] = {}
    for kind, pk, name, slug, parent, _order, in_menu in rows:
        if kind == "s" and parent is None:
            url = reverse("public:section", args=[slug])
            tops[pk] = NavSection(pk, name, slug, url, in_menu=bool(in_menu))
    for kind, pk, name, slug, parent, _order, _in_menu in rows:
        if kind == "s" and parent in tops:
            tops[parent].children.append(
                NavSection(pk, name, slug, reverse("public:section", args=[slug]))
            )
    footer = [
        (name, reverse("public:page", args=[slug]))
        for kind, _pk, name, slug, *_ in rows
        if kind == "p"
    ]
    return Navigation(list(tops.values()), footer)


_read: BoundedMemo[str, Navigation] = BoundedMemo(4)


def navigation() -> Navigation:
    """From this process's memory, else the cache, else the database: a cache read once per
    site-wide change, not once per page."""
    moment = freshness.current()
    nav = _read.get(moment)
    if nav is None:
        key = f"warta:nav:{moment}"
        nav = cache.get(key)
        if nav is None:
            nav = _build()
            cache.set(key, nav, timeout=3600)
        _read.remember(moment, nav)
    return nav
