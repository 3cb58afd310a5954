"""Embargo, for editors: until when nobody may publish the article, set or lifted on its
own page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.desk.decorators import staff_view
from warta.desk.forms import ScheduleForm
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.access import get_article_for_user


@staff_view("editor")
def embargo(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request.user, pk, action="embargo")
    if request.method == "POST" and request.POST.get("clear"):
        actions.set_embargo(article, until=None, by=request.user, ip=client_ip(request))
        messages.success(request, _("The embargo is lifted."))
        return redirect("desk:article_edit", article.pk)
    form = ScheduleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_embargo(
                article, until=form.cleaned_data["at"], by=request.user, ip=client_ip(request)
            )
        except actions.Embargoed:
            messages.error(
                request,
                _("The article is scheduled before that time: move the schedule first."),
            )
        else:
            messages.success(request, _("The embargo is set."))
        return redirect("desk:article_edit", article.pk)
    return render(
        request,
        "desk/embargo.html",
        {"article": article, "form": form, "now": timezone.now()},
        status=400 if form.errors else 200,
    )
