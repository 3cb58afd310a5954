"""Editorial notes on an article: never public, for whoever may see the article."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.desk.newsroom_forms import EditorialNoteForm
from warta.news import actions
from warta.news.access import get_article_for_user, get_note_for_user, may_resolve_note


def _back(pk: int, note: int | None = None) -> HttpResponse:
    anchor = f"#catatan-{note}" if note else "#catatan"
    return redirect(reverse("desk:article_edit", args=[pk]) + anchor)


@require_POST
@staff_view()
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="note")
    form = EditorialNoteForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("text", []):
            messages.error(request, str(error))
        return _back(article.pk)
    parent_id = form.cleaned_data.get("parent")
    parent = get_note_for_user(request.user, article, parent_id) if parent_id else None
    note = actions.add_note(
        article, text=form.cleaned_data["text"], by=staff_user(request), parent=parent
    )
    messages.success(request, _("The note is saved."))
    return _back(article.pk, note.pk)


@require_POST
@staff_view()
def resolve_note(request: HttpRequest, pk: int, note: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="note")
    found = get_note_for_user(request.user, article, note)
    if not may_resolve_note(request.user, found):
        raise PermissionDenied("resolve")
    actions.resolve_note(found, by=staff_user(request), resolved=not request.POST.get("reopen"))
    return _back(article.pk, found.pk)
