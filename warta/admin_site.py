"""The Django admin, for superusers only: staff work in the desk, where the newsroom rules hold.

It has no sign-in of its own: /admin/login/ sends people to the desk's, so there is one door
with one throttle and one audit trail.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Warta"
    site_title = "Warta admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def login(self, request: HttpRequest, extra_context: object = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Staff without the superuser flag belong in the desk, not at a second sign-in.
            return redirect("desk:dashboard")
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('desk:login')}?{urlencode({'next': target})}")


class WartaAdminConfig(AdminConfig):
    default_site = "warta.admin_site.SuperuserAdminSite"
