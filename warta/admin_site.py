"""The Django admin, for superusers only: staff work in the desk, where the newsroom rules hold."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Warta"
    site_title = "Warta admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser


class WartaAdminConfig(AdminConfig):
    default_site = "warta.admin_site.SuperuserAdminSite"
