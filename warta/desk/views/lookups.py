"""Small JSON answers for the editor's pickers: published articles for "Baca Juga", tags."""

from django.http import HttpRequest, JsonResponse

from warta.desk.decorators import staff_view
from warta.news.models import Article, Tag

LIMIT = 15


@staff_view()
def published_articles(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = Article.objects.published().select_related("section").newest()
    if query:
        found = found.filter(headline__icontains=query)
    rows = [
        {"id": a.pk, "headline": a.headline, "url": a.get_absolute_url()} for a in found[:LIMIT]
    ]
    return JsonResponse({"results": rows})


@staff_view()
def tags(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()[:80]
    found = Tag.objects.filter(name__istartswith=query) if query else Tag.objects.all()
    return JsonResponse(
        {"results": list(found.order_by("name").values_list("name", flat=True)[:LIMIT])}
    )
