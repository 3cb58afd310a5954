"""Home-page curation: the headline, up to six sub-headlines in order, and breaking news."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.news import actions
from warta.news.models import Article, SiteSettings

CANDIDATES = 40


class CurationForm(forms.Form):
    order = forms.CharField(required=False, max_length=200)
    breaking = forms.IntegerField(required=False, widget=forms.HiddenInput)
    breaking_hours = forms.IntegerField(
        label=gettext_lazy("Breaking for (hours)"),
        min_value=1,
        max_value=72,
        required=False,
    )

    def clean_order(self) -> list[int]:
        try:
            ids = [int(part) for part in self.cleaned_data["order"].split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(
                gettext_lazy("The order could not be read; try again.")
            ) from None
        if len(ids) > 7:
            raise forms.ValidationError(gettext_lazy("At most one headline and six sub-headlines."))
        return list(dict.fromkeys(ids))


@staff_view("editor")
def curate(request: HttpRequest) -> HttpResponse:
    # Paid content is never a headline or breaking news (the guideline, point 6).
    published = Article.objects.published().filter(kind=Article.Kind.NEWS).select_related("section")
    site = SiteSettings.load()
    if request.method == "POST":
        action = request.POST.get("do")
        if action == "clear-breaking":
            for article in Article.objects.filter(breaking_until__isnull=False):
                actions.set_breaking(article, by=request.user, until=None)
            messages.success(request, _("Breaking news is cleared."))
            return redirect("desk:curate")
        form = CurationForm(request.POST)
        if form.is_valid():
            chosen = {a.pk: a for a in published.filter(pk__in=form.cleaned_data["order"])}
            actions.set_home_headlines(
                [chosen[pk] for pk in form.cleaned_data["order"] if pk in chosen], by=request.user
            )
            if form.cleaned_data.get("breaking"):
                target = published.filter(pk=form.cleaned_data["breaking"]).first()
                if target:
                    hours = form.cleaned_data.get("breaking_hours") or site.breaking_hours
                    actions.set_breaking(
                        target, by=request.user, until=timezone.now() + timedelta(hours=hours)
                    )
            messages.success(request, _("The home page is updated."))
            return redirect("desk:curate")
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    chosen = list(published.filter(is_headline=True).order_by("headline_position"))
    others = list(published.exclude(pk__in=[a.pk for a in chosen]).newest()[:CANDIDATES])
    breaking = Article.objects.breaking().first()
    return render(
        request,
        "desk/curate.html",
        {
            "chosen": chosen,
            "others": others,
            "breaking": breaking,
            "form": CurationForm(initial={"breaking_hours": site.breaking_hours}),
        },
    )
