"""Workflow actions: each confirmed on its own page, with a note where one is asked for."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from warta.desk.decorators import staff_view
from warta.desk.forms import (
    CorrectionForm,
    NoteForm,
    ScheduleForm,
    TakedownForm,
    default_schedule_time,
)
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.access import get_article_for_user

STEPS = {
    "submit": (gettext_lazy("Submit for review"), gettext_lazy("Submitted for review.")),
    "return": (gettext_lazy("Return to the writer"), gettext_lazy("Returned to the writer.")),
    "publish": (gettext_lazy("Publish now"), gettext_lazy("Published.")),
    "schedule": (gettext_lazy("Schedule"), gettext_lazy("Scheduled.")),
    "unschedule": (gettext_lazy("Cancel the schedule"), gettext_lazy("The schedule is cancelled.")),
    "unpublish": (gettext_lazy("Unpublish"), gettext_lazy("Unpublished.")),
    "correct": (gettext_lazy("Add a correction"), gettext_lazy("The correction is published.")),
    "take_down": (gettext_lazy("Take down"), gettext_lazy("Taken down. Its address now says why.")),
}


def _form(action: str, data: object = None) -> object:
    if action == "schedule":
        return ScheduleForm(data, initial={"time": default_schedule_time()})
    if action == "correct":
        return CorrectionForm(data)
    if action == "take_down":
        return TakedownForm(data)
    return NoteForm(data, required=action in ("return", "unpublish"))


@staff_view()
def workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STEPS:
        raise Http404("No such action")
    article = get_article_for_user(request.user, pk, action=action)
    form = _form(action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, ip = form.cleaned_data, client_ip(request)
        try:
            if action == "submit":
                actions.submit_article(article, by=request.user, note=data["note"], ip=ip)
            elif action == "return":
                actions.return_article(article, by=request.user, note=data["note"], ip=ip)
            elif action == "publish":
                actions.publish_article(article, by=request.user, note=data["note"], ip=ip)
            elif action == "schedule":
                actions.schedule_article(
                    article, by=request.user, at=data["at"], note=data["note"], ip=ip
                )
            elif action == "unschedule":
                actions.unschedule_article(article, by=request.user, note=data["note"], ip=ip)
            elif action == "unpublish":
                actions.unpublish_article(article, by=request.user, reason=data["note"], ip=ip)
            elif action == "take_down":
                actions.take_down_article(
                    article, by=request.user, reason=data["reason"], text=data["text"], ip=ip
                )
            else:
                actions.correct_article(
                    article, by=request.user, kind=data["kind"], text=data["text"], ip=ip
                )
        except actions.Embargoed as embargoed:
            messages.error(
                request,
                _("Under embargo until %(time)s: it cannot be published or scheduled before then.")
                % {"time": timezone.localtime(embargoed.until).strftime("%d/%m/%Y %H:%M WIB")},
            )
            return redirect("desk:article_edit", article.pk)
        except actions.WorkflowError:
            messages.error(
                request, _("Someone else changed this article's status first. Nothing was changed.")
            )
            return redirect("desk:article_edit", article.pk)
        messages.success(request, str(STEPS[action][1]))
        return redirect("desk:article_edit", article.pk)
    context = {"article": article, "action": action, "title": STEPS[action][0], "form": form}
    return render(request, "desk/workflow.html", context, status=400 if form.errors else 200)
