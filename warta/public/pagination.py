from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

# Lists go back this many pages. Counting every published article of a big section costs a
# scan of the archive (356 ms at 1,000,000 articles on PostgreSQL, on every render of the
# section's page); counting no further than the last page a reader can reach costs one short
# index read. Older news stays in the date index (/indeks/<day>/), search and the sitemaps.
MOST_PAGES = 100


class ListPaginator(Paginator):
    object_list: QuerySet

    @cached_property
    def count(self) -> int:
        # Unordered: any MOST_PAGES pages of rows tell as much as the newest, and cost less.
        return self.object_list.order_by()[: self.per_page * MOST_PAGES].count()

    @property
    def goes_further(self) -> bool:
        """The list may hold more than its pages show (its last page links the index)."""
        return self.count >= self.per_page * MOST_PAGES


def paginate(request: HttpRequest, items: QuerySet, per_page: int) -> Page:
    """The ?page= asked for; anything that is not an existing page is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    if len(raw) > 6:
        raise Http404("No such page")
    paginator = ListPaginator(items, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("No such page") from None
