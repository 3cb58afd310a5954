"""Live coverage (Laporan Langsung) from the desk: a compact form that stays on the page, the
updates newest first, each editable with its earlier text kept."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.desk.newsroom_forms import LiveUpdateForm
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.access import get_article_for_user, get_live_update_for_user, live_updates


@staff_view()
def console(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="view")
    writing = request.method == "POST"
    if writing:
        article = get_article_for_user(request.user, pk, action="live")
    form = LiveUpdateForm(request.POST if writing else None)
    if writing and form.is_valid():
        data = form.cleaned_data
        try:
            actions.post_live_update(
                article,
                text=data["text"],
                image=data["image"],
                pinned=data["pinned"],
                by=staff_user(request),
            )
        except actions.WorkflowError:
            messages.error(request, _("The coverage is not running: start it first."))
        else:
            messages.success(request, _("The update is posted."))
            return redirect("desk:live", article.pk)
    return render(
        request,
        "desk/live.html",
        {"article": article, "form": form, "updates": live_updates(article)},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_view()
def start(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="live")
    try:
        actions.start_live(article, by=staff_user(request), ip=client_ip(request))
    except actions.WorkflowError:
        messages.error(request, _("This coverage has ended; it cannot start again."))
    return redirect("desk:live", article.pk)


@require_POST
@staff_view()
def end(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="live")
    try:
        actions.end_live(article, by=staff_user(request), ip=client_ip(request))
    except actions.WorkflowError:
        messages.error(request, _("The coverage is not running."))
    else:
        messages.success(request, _("The coverage is closed; the report stays as a record."))
    return redirect("desk:live", article.pk)


@staff_view()
def edit_update(request: HttpRequest, pk: int, update: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="live")
    found = get_live_update_for_user(request.user, article, update)
    initial = {"text": found.text, "image": found.image_id, "pinned": found.pinned}
    form = LiveUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.edit_live_update(
            found,
            by=staff_user(request),
            text=data["text"],
            image=data["image"],
            pinned=data["pinned"],
            correction=data["correction"],
        )
        messages.success(request, _("The update is changed; its earlier text is kept."))
        return redirect("desk:live", article.pk)
    return render(
        request,
        "desk/live_edit.html",
        {"article": article, "update": found, "form": form, "versions": found.versions.all()},
        status=400 if form.errors else 200,
    )
