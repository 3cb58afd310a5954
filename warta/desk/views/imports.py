"""Importing one article page from an old site, from the desk: the same importer as
`warta import page`, for an editor moving a few stories by hand."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.importers.page import PageError, import_page
from warta.news.models import Section


class PageImportForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address of the article page"), max_length=500, assume_scheme="https"
    )
    section = forms.ModelChoiceField(label=gettext_lazy("Section"), queryset=Section.objects.all())

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.startswith(("http://", "https://")):
            raise forms.ValidationError(gettext_lazy("Write an http or https address."))
        return url


@staff_view("editor")
def page_import(request: HttpRequest) -> HttpResponse:
    form = PageImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article, outcome = import_page(
                form.cleaned_data["url"], by=request.user, section=form.cleaned_data["section"]
            )
        except PageError as error:
            form.add_error("url", str(error))
        else:
            if outcome == "created":
                messages.success(request, _("Draft made from the page. Its source is at its foot."))
            else:
                messages.info(request, _("This page was imported before: here is its draft."))
            return redirect("desk:article_edit", article.pk)
    return render(
        request, "desk/page_import.html", {"form": form}, status=400 if form.errors else 200
    )
