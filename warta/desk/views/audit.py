"""The audit log, for admins: who did what, when, and from where."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from warta.desk.decorators import staff_view
from warta.news.models import AuditEntry


@staff_view("admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("article")
    action = request.GET.get("aksi", "")[:40]
    actor = request.GET.get("oleh", "")[:150]
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    return render(
        request,
        "desk/audit.html",
        {"page": page, "actions": sorted(actions), "action": action, "actor": actor},
    )
