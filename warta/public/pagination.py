"""Reader lists in pages: newer and older, without a total.

A total costs a count of every published article in the list, which is a scan of the archive
for a big section or tag (356 ms a render at 1,000,000 articles on PostgreSQL). A page instead
reads one row more than it shows, to know whether an older page exists. Lists go back
MOST_PAGES pages (a deep OFFSET reads every row before it too); older news stays in the date
index (/indeks/<day>/), search and the sitemaps, and the last page links the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

MOST_PAGES = 100


@dataclass
class ListPage:
    """What the pager and the list templates read of a page (as of Django's Page)."""

    object_list: list[Any]
    number: int
    has_next: bool
    # The last reachable page, with more rows after it: it links the date index.
    goes_further: bool = False
    paginator: None = None  # no total (the search page's pages have one)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate(request: HttpRequest, items: QuerySet, per_page: int) -> ListPage:
    """The ?page= asked for; anything that is not an existing page is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= MOST_PAGES:
        raise Http404("No such page")
    number = int(raw)
    start = (number - 1) * per_page
    rows = list(items[start : start + per_page + 1])
    if not rows and number > 1:
        raise Http404("No such page")
    more = len(rows) > per_page
    last = number == MOST_PAGES
    return ListPage(rows[:per_page], number, has_next=more and not last, goes_further=more and last)
