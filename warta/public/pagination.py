from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


def paginate(request: HttpRequest, items: QuerySet, per_page: int) -> Page:
    """The ?page= asked for; anything that is not an existing page is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    if len(raw) > 6:
        raise Http404("No such page")
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("No such page") from None
