"""The Kawat inbox: wire and partner copy as it arrives, for writers to make drafts from, and
its sources, managed by editors."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.desk.views.admin import _records
from warta.news import actions
from warta.news.models import WireItem, WireSource

PER_PAGE = 40


class WireSourceForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("feed address"), max_length=500, assume_scheme="https")

    class Meta:
        model = WireSource
        fields = ["name", "url", "section", "credit", "licence_note", "interval", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError(gettext_lazy("Write an http or https address."))
        return url


@staff_view("editor")
def sources(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _records(
        request,
        WireSource,
        WireSourceForm,
        pk,
        "desk/admin/records.html",
        "desk:wire_sources",
        row_template="desk/wire_source_row.html",
        intro=_(
            "Feeds (RSS, Atom or JSON Feed) the worker reads into the Kawat inbox. Nothing from "
            "them is published until someone makes a draft of it and an editor publishes it."
        ),
    )


@staff_view()
def inbox(request: HttpRequest) -> HttpResponse:
    items = WireItem.objects.select_related("source", "article")
    status = request.GET.get("status", WireItem.Status.NEW)
    if status in WireItem.Status.values:
        items = items.filter(status=status)
    else:
        status = ""
    source = request.GET.get("sumber", "")
    if source.isdigit():
        items = items.filter(source_id=int(source))
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        items = items.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/wires.html",
        {
            "page": page,
            "sources": WireSource.objects.all(),
            "status": status,
            "statuses": WireItem.Status.choices,
            "source": source,
            "query": query,
        },
    )


@require_POST
@staff_view()
def make_draft(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WireItem.objects.select_related("source"), pk=pk)
    if item.article_id:
        messages.info(request, _("A draft was already made of this story."))
        return redirect("desk:article_edit", item.article_id)
    try:
        article = actions.draft_from_wire(item, by=staff_user(request))
    except ValueError:
        messages.error(
            request,
            _("The source “%(source)s” has no default section; an editor sets one first.")
            % {"source": item.source.name},
        )
        return redirect("desk:wires")
    messages.success(request, _("Draft made from the wire story. The credit is at its foot."))
    return redirect("desk:article_edit", article.pk)


@require_POST
@staff_view()
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WireItem, pk=pk)
    status = request.POST.get("status", "")
    if status not in (WireItem.Status.NEW, WireItem.Status.IGNORED):
        messages.error(request, _("Unknown status."))
    else:
        actions.set_wire_item_status(item, status=status, by=staff_user(request))
    back = request.POST.get("next", "")
    # Back to the inbox as it was filtered; never to another site.
    return redirect(back if back.startswith("/desk/kawat/?") else "desk:wires")
