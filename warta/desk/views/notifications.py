"""The bell: what a staff member should know, and which of it also comes by e-mail."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from warta.desk.decorators import staff_user, staff_view
from warta.desk.newsroom_forms import NotificationEmailForm
from warta.news import actions
from warta.news.access import notification_of, notifications_of
from warta.news.models import NotificationPreference


@staff_view()
def notifications(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user=staff_user(request)).first()
    chosen = preference.email_kinds if preference else []
    form = NotificationEmailForm(
        request.POST if request.POST.get("form") == "email" else None, initial={"kinds": chosen}
    )
    if request.method == "POST":
        if request.POST.get("form") == "email":
            if form.is_valid():
                actions.set_notification_email(staff_user(request), form.cleaned_data["kinds"])
                messages.success(request, _("Your e-mail choices are saved."))
                return redirect("desk:notifications")
        else:
            actions.mark_notifications_read(staff_user(request))
            return redirect("desk:notifications")
    items = notifications_of(staff_user(request))
    response = render(
        request,
        "desk/notifications.html",
        {"items": items, "form": form, "has_email": bool(staff_user(request).email)},
        status=400 if form.errors else 200,
    )
    return response


@staff_view()
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read, and the page it names opens."""
    found = notification_of(staff_user(request), pk)
    actions.mark_notifications_read(staff_user(request), [found.pk])
    return redirect(found.url if found.url.startswith("/desk/") else "desk:notifications")
