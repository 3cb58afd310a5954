"""The audit log, for admins: who did what, when, and from where."""

from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from warta.desk.decorators import staff_view
from warta.news.models import AuditEntry

# What each recorded action is called on the page; the code itself stays in the database so
# that filters and exports keep working whatever the interface language.
LABELS = {
    "submit": _("Submitted for review"),
    "return": _("Returned to the writer"),
    "publish": _("Published"),
    "schedule": _("Scheduled"),
    "unschedule": _("Schedule cancelled"),
    "unpublish": _("Unpublished"),
    "correct": _("Correction"),
    "restore": _("Revision restored"),
    "breaking": _("Breaking news"),
    "curate": _("Home page arranged"),
    "preview_link": _("Preview link"),
    "role": _("Role changed"),
    "password": _("Password changed"),
    "password_reset": _("New password link requested"),
    "staff_profile": _("Staff profile changed"),
    "login": _("Signed in"),
    "login_failed": _("Failed login"),
    "photo_upload": _("Photo uploaded"),
    "api_token": _("API token"),
    "photo_edit": _("Photo changed"),
    "settings_update": _("Site settings changed"),
    "synonym_create": _("Synonym added"),
    "synonym_update": _("Synonym changed"),
    "synonym_delete": _("Synonym deleted"),
}


def label(action: str) -> str:
    """The action's name for people; site records ("section_update") by their model's name."""
    if action in LABELS:
        return str(LABELS[action])
    kind, _sep, change = action.rpartition("_")
    names = {model._meta.model_name: model._meta.verbose_name for model in apps.get_models()}
    if change in ("create", "update", "delete") and kind in names:
        verb = {"create": _("created"), "update": _("changed"), "delete": _("deleted")}[change]
        return f"{str(names[kind]).capitalize()}: {verb}"
    return action


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
        {
            "page": page,
            "rows": [(entry, label(entry.action)) for entry in page],
            "actions": sorted((code, label(code)) for code in actions),
            "action": action,
            "actor": actor,
        },
    )
