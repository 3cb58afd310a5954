"""The story budget (rencana liputan): assignments, deadlines, today's and the week's plan."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.desk.decorators import staff_user, staff_view
from warta.desk.newsroom_forms import AnswerForm, AssignmentForm
from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.access import (
    assignments_of,
    get_assignment_for_user,
    is_editor,
    plan_between,
)
from warta.news.models import Assignment


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _counts(assignments: list[Assignment]) -> dict[str, int]:
    return {
        "all": len(assignments),
        "late": sum(1 for a in assignments if a.is_late),
        "done": sum(1 for a in assignments if a.status == Assignment.Status.DONE),
        "open": sum(1 for a in assignments if a.is_open),
    }


def _by_section(assignments: list[Assignment]) -> list[tuple[str, list[Assignment]]]:
    grouped: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        grouped[assignment.section.name].append(assignment)
    return sorted(grouped.items())


@staff_view()
def plan(request: HttpRequest) -> HttpResponse:
    """Today's and tomorrow's plan by section, what is late in red, with counts."""
    first = _day(request.GET.get("hari"))
    days = []
    for day in (first, first + timedelta(days=1)):
        found = plan_between(_start(day), _start(day + timedelta(days=1)))
        days.append({"day": day, "sections": _by_section(found), "counts": _counts(found)})
    context = {
        "days": days,
        "previous": first - timedelta(days=1),
        "next": first + timedelta(days=1),
        "editor": is_editor(request.user),
        "now": timezone.now(),
    }
    return render(request, "desk/plan.html", context)


@staff_view()
def week(request: HttpRequest) -> HttpResponse:
    chosen = _day(request.GET.get("mulai"))
    monday = chosen - timedelta(days=chosen.weekday())
    found = plan_between(_start(monday), _start(monday + timedelta(days=7)))
    columns = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        items = [a for a in found if timezone.localdate(a.deadline) == day]
        columns.append({"day": day, "items": items, "counts": _counts(items)})
    context = {
        "columns": columns,
        "counts": _counts(found),
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "now": timezone.now(),
    }
    return render(request, "desk/plan_week.html", context)


@staff_view()
def mine(request: HttpRequest) -> HttpResponse:
    items = assignments_of(staff_user(request))
    return render(
        request,
        "desk/assignments_mine.html",
        {"items": items, "counts": _counts(items), "now": timezone.now()},
    )


def _form_data(form: AssignmentForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "brief": data["brief"],
        "section": data["section"],
        "assignees": list(data["assignees"]),
        "deadline": data["deadline"],
        "publish_at": data["publish_at"],
    }


@staff_view("editor")
def assignment_new(request: HttpRequest) -> HttpResponse:
    initial = {"deadline_date": _day(request.GET.get("hari")), "deadline_time": time(17, 0)}
    form = AssignmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        assignment = actions.assign_story(
            **_form_data(form), by=staff_user(request), ip=client_ip(request)
        )
        messages.success(request, _("The assignment is on the plan."))
        return redirect("desk:assignment", assignment.pk)
    return render(
        request,
        "desk/assignment_form.html",
        {"form": form, "assignment": None},
        status=400 if form.errors else 200,
    )


@staff_view("editor")
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, pk, action="manage")
    deadline = timezone.localtime(assignment.deadline)
    publish = timezone.localtime(assignment.publish_at) if assignment.publish_at else None
    initial = {
        "title": assignment.title,
        "brief": assignment.brief,
        "section": assignment.section_id,
        "assignees": [member.user_id for member in assignment.members.all()],
        "deadline_date": deadline.date(),
        "deadline_time": deadline.time().replace(second=0, microsecond=0),
        "publish_date": publish.date() if publish else None,
        "publish_time": publish.time().replace(second=0, microsecond=0) if publish else None,
    }
    form = AssignmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_assignment(
            assignment, by=staff_user(request), ip=client_ip(request), **_form_data(form)
        )
        messages.success(request, _("The assignment is saved."))
        return redirect("desk:assignment", assignment.pk)
    return render(
        request,
        "desk/assignment_form.html",
        {"form": form, "assignment": assignment},
        status=400 if form.errors else 200,
    )


def _assignment_page(
    request: HttpRequest, found: Assignment, form: AnswerForm, *, status: int = 200
) -> HttpResponse:
    member = next((m for m in found.members.all() if m.user_id == request.user.pk), None)
    context = {
        "assignment": found,
        "member": member,
        "answer_form": form,
        "may_manage": is_editor(request.user),
        "may_draft": (member is not None or is_editor(request.user)) and found.is_open,
        "now": timezone.now(),
    }
    return render(request, "desk/assignment.html", context, status=status)


@staff_view()
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_page(request, get_assignment_for_user(request.user, pk), AnswerForm())


@require_POST
@staff_view()
def assignment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_assignment_for_user(request.user, pk, action="answer")
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _assignment_page(request, found, form, status=400)
    try:
        actions.answer_assignment(
            found,
            by=staff_user(request),
            accept=form.cleaned_data["answer"] == "terima",
            reason=form.cleaned_data["reason"],
        )
    except actions.WorkflowError:
        messages.error(request, _("This assignment is closed."))
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect("desk:assignment", found.pk)


@require_POST
@staff_view()
def assignment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_assignment_for_user(request.user, pk, action="draft")
    try:
        article = actions.draft_from_assignment(found, by=staff_user(request))
    except actions.WorkflowError:
        messages.error(request, _("This assignment is closed."))
        return redirect("desk:assignment", found.pk)
    return redirect("desk:article_edit", article.pk)


@require_POST
@staff_view("editor")
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_assignment_for_user(request.user, pk, action="manage")
    try:
        actions.cancel_assignment(found, by=staff_user(request), ip=client_ip(request))
    except actions.WorkflowError:
        messages.error(request, _("A finished assignment cannot be cancelled."))
    else:
        messages.success(request, _("The assignment is cancelled."))
    return redirect("desk:assignment", found.pk)
