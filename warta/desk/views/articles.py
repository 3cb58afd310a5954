"""Writing and editing articles: the editor, autosave, presence, conflicts."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk import presence
from warta.desk.decorators import staff_view
from warta.desk.diff import field_changes
from warta.desk.forms import ArticleForm, initial_from_revision
from warta.news import actions, revisions
from warta.news.access import (
    assignment_of,
    can,
    get_article_for_user,
    may_resolve_note,
    notes_for,
    staff_accounts,
)
from warta.news.models import Article, Person, Revision


def _report_removed(request: HttpRequest, form: ArticleForm) -> None:
    if form.removed:
        messages.warning(
            request,
            _(
                "For safety, these parts of the body were removed: %(parts)s. "
                "Everything else was kept."
            )
            % {"parts": ", ".join(form.removed)},
        )


@staff_view()
def article_new(request: HttpRequest) -> HttpResponse:
    from warta.news.access import is_editor

    editor_role = is_editor(request.user)
    form = ArticleForm(
        request.POST if request.method == "POST" else None, may_choose_editor=editor_role
    )
    if request.method == "POST" and form.is_valid():
        # With no writer chosen, the author's own byline (found or made by the action).
        keep = None if editor_role else {"editor": None}
        article = actions.create_article(by=request.user, data=form.revision_data(keep_people=keep))
        _report_removed(request, form)
        messages.success(request, _("The draft is saved."))
        return redirect("desk:article_edit", article.pk)
    if not request.POST:
        form.initial["writer_1"] = Person.objects.filter(user=request.user).first()
    return render(
        request,
        "desk/article_form.html",
        {"form": form, "article": None},
        status=400 if form.errors else 200,
    )


def _form_for(
    request: HttpRequest, article: Article, data: Any = None, *, snapshot: dict[str, Any]
) -> ArticleForm:
    form = ArticleForm(
        data,
        initial=initial_from_revision(snapshot, article.current_revision_id),
        may_choose_writers=can(request.user, "byline", article),
        may_choose_editor=can(request.user, "people", article),
    )
    return form


def _keep_people(
    request: HttpRequest, article: Article, snapshot: dict[str, Any]
) -> dict[str, Any] | None:
    keep: dict[str, Any] = {}
    if not can(request.user, "byline", article):
        keep["writers"] = snapshot["writers"]
    if not can(request.user, "people", article):
        keep["editor"] = snapshot["editor"]
    return keep or None


@staff_view()
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    writing = request.method == "POST"
    article = get_article_for_user(request.user, pk, action="edit" if writing else "view")
    snapshot = revisions.snapshot(article)  # once: the form's start and the byline kept
    if writing:
        form = _form_for(request, article, request.POST, snapshot=snapshot)
        if form.is_valid():
            data = form.revision_data(keep_people=_keep_people(request, article, snapshot))
            try:
                actions.save_article(
                    article,
                    by=request.user,
                    data=data,
                    base_revision=form.cleaned_data.get("base_revision"),
                )
            except actions.EditConflict as conflict:
                return _conflict_page(request, article, conflict)
            _report_removed(request, form)
            messages.success(request, _("Saved."))
            return redirect("desk:article_edit", article.pk)
        return _render_editor(request, article, form, editable=True, status=400)
    editable = can(request.user, "edit", article)
    form = _form_for(request, article, snapshot=snapshot)
    return _render_editor(request, article, form, editable=editable)


def _render_editor(
    request: HttpRequest, article: Article, form: ArticleForm, *, editable: bool, status: int = 200
) -> HttpResponse:
    actions_allowed = [
        name
        for name in (
            "submit",
            "return",
            "publish",
            "schedule",
            "unschedule",
            "unpublish",
            "correct",
            "take_down",
        )
        if can(request.user, name, article)
    ]
    notes = notes_for(request.user, article)
    for note in notes:
        note.may_resolve = may_resolve_note(request.user, note)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "article": article,
        "editable": editable,
        "workflow": actions_allowed,
        "others": presence.others(article.pk, request.user.get_username()),
        "can_link": can(request.user, "preview_link", article),
        "may_embargo": can(request.user, "embargo", article),
        "may_label": can(request.user, "label", article),
        "may_live": can(request.user, "live", article),
        "notes": notes,
        "staff_names": staff_accounts().values_list("username", flat=True),
        "assignment": assignment_of(article),
        "now": timezone.now(),
        "links": article.preview_links.filter(revoked_at__isnull=True).order_by("-created_at")[:5],
        "corrections": article.corrections.all(),
    }
    return render(request, "desk/article_form.html", context, status=status)


def _conflict_page(
    request: HttpRequest, article: Article, conflict: actions.EditConflict
) -> HttpResponse:
    theirs, mine = conflict.latest.data, conflict.kept.data
    form = _form_for(request, article, snapshot=theirs)
    form.initial.update(initial_from_revision(mine, conflict.latest.pk))
    context = {
        "article": article,
        "form": form,
        "latest": conflict.latest,
        "kept": conflict.kept,
        "changes": field_changes(theirs, mine),
    }
    return render(request, "desk/conflict.html", context, status=409)


@require_POST
@staff_view()
def article_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="edit")
    snapshot = revisions.snapshot(article)
    form = _form_for(request, article, request.POST, snapshot=snapshot)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    try:
        saved = actions.save_article(
            article,
            by=request.user,
            data=form.revision_data(keep_people=_keep_people(request, article, snapshot)),
            base_revision=form.cleaned_data.get("base_revision"),
            kind=Revision.Kind.AUTOSAVE,
        )
    except actions.EditConflict as conflict:
        return JsonResponse(
            {
                "ok": False,
                "conflict": True,
                "message": _(
                    "Someone else saved this article. Save to compare and merge; your text is kept."
                ),
                "kept": conflict.kept.number,
            },
            status=409,
        )
    return JsonResponse(
        {"ok": True, "revision": saved.current_revision_id, "removed": form.removed}
    )


@require_POST
@staff_view()
def article_presence(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="view")
    if request.POST.get("leave"):
        presence.leave(article.pk, request.user.get_username())
        return JsonResponse({"others": [], "revision": article.current_revision_id})
    names = presence.beat(article.pk, request.user.get_username())
    return JsonResponse({"others": names, "revision": article.current_revision_id})
