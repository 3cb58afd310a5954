from datetime import timedelta

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from warta.desk.decorators import staff_view
from warta.news.access import is_editor, own_articles
from warta.news.models import Article

LIST_SIZE = 20


def _listing(articles: QuerySet[Article], order: str = "-modified_at") -> tuple[list[Article], int]:
    articles = articles.select_related("section").order_by(order, "-pk")
    return list(articles[:LIST_SIZE]), articles.count()


@staff_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    mine = own_articles(request.user)
    lists = [
        ("drafts", mine.filter(status=Article.Status.DRAFT, return_note=""), "-modified_at"),
        (
            "returned",
            mine.filter(status=Article.Status.DRAFT).exclude(return_note=""),
            "-modified_at",
        ),
    ]
    if is_editor(request.user):
        lists += [
            ("review", Article.objects.filter(status=Article.Status.REVIEW), "-modified_at"),
            ("scheduled", Article.objects.filter(status=Article.Status.SCHEDULED), "published_at"),
            ("embargoed", Article.objects.filter(embargo_until__gt=now), "embargo_until"),
        ]
    else:
        lists += [("review", mine.filter(status=Article.Status.REVIEW), "-modified_at")]
    lists += [
        (
            "today",
            Article.objects.published().filter(published_at__gte=start_of_day),
            "-published_at",
        ),
        (
            "corrected",
            Article.objects.filter(corrections__created_at__gte=now - timedelta(days=7)).distinct(),
            "-updated_at",
        ),
    ]
    context = {name: _listing(articles, order) for name, articles, order in lists}
    return render(
        request,
        "desk/dashboard.html",
        {"lists": context, "now": now, "editor": is_editor(request.user)},
    )
