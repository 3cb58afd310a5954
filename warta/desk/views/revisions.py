"""History: every revision, a comparison of any two, and restoring one as a new revision."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_view
from warta.desk.diff import field_changes
from warta.news import actions
from warta.news.access import get_article_for_user, notes_for
from warta.news.models import Revision


@staff_view()
def history(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="view")
    rows = article.revisions.select_related("author").order_by("-number")
    # The editorial notes stay with the article's history (the same rule as the article's).
    notes = notes_for(request.user, article)
    return render(
        request, "desk/history.html", {"article": article, "revisions": rows, "notes": notes}
    )


def _revision(article_pk: int, number: str | int | None) -> Revision:
    try:
        return Revision.objects.get(article_id=article_pk, number=int(number or 0))
    except (Revision.DoesNotExist, ValueError):
        raise Http404("No such revision") from None


@staff_view()
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="view")
    older = _revision(article.pk, request.GET.get("a"))
    newer = _revision(article.pk, request.GET.get("b"))
    context = {
        "article": article,
        "older": older,
        "newer": newer,
        "changes": field_changes(older.data, newer.data),
    }
    return render(request, "desk/compare.html", context)


@require_POST
@staff_view()
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="edit")
    revision = _revision(article.pk, number)
    actions.restore_revision(article, revision, by=request.user)
    messages.success(
        request, _("Revision #%(number)s is restored as a new revision.") % {"number": number}
    )
    return redirect("desk:article_edit", article.pk)
