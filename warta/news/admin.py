"""The Django admin for superusers: a window on the data that writes through news.actions.

Articles are read-only here: writing, publishing and correcting happen in the desk, where
revisions, the search index and the audit log follow every change. Deleting goes through
actions.delete_article. Sections, people, tags, topics and static pages are saved with
actions.save_site_record, which validates, sanitizes, audits and refreshes reader pages.
Staff accounts and their roles are shown only: they are changed in the desk (staff, my
account), through the actions that audit them.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from warta.lib.addresses import client_ip
from warta.news import actions
from warta.news.models import Article, Page, Person, Section, Tag, Topic


class ThroughActions(admin.ModelAdmin):
    """Saves and deletes made here go through the same actions as the desk's."""

    def save_model(self, request, obj, form, change):
        actions.save_site_record(obj, by=request.user, ip=client_ip(request))

    def delete_model(self, request, obj):
        actions.delete_site_record(obj, by=request.user, ip=client_ip(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "published_at"]
    list_filter = ["status", "section"]
    search_fields = ["headline"]
    date_hierarchy = "published_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing stays possible (has_view_permission); every field is shown read-only.
        return False

    def delete_model(self, request, obj):
        actions.delete_article(obj, by=request.user, ip=client_ip(request))

    def delete_queryset(self, request, queryset):
        for article in queryset:
            actions.delete_article(article, by=request.user, ip=client_ip(request))


@admin.register(Section)
class SectionAdmin(ThroughActions):
    list_display = ["name", "slug", "parent", "order"]


@admin.register(Person)
class PersonAdmin(ThroughActions):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(ThroughActions):
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(ThroughActions):
    search_fields = ["name"]


@admin.register(Page)
class PageAdmin(ThroughActions):
    list_display = ["title", "slug", "order", "in_footer"]


class ShownOnly:
    """Viewing stays possible (has_view_permission); adding, changing and deleting do not."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AccountAdmin(ShownOnly, UserAdmin):
    pass


class RoleAdmin(ShownOnly, GroupAdmin):
    pass


admin.site.unregister(get_user_model())
admin.site.unregister(Group)
admin.site.register(get_user_model(), AccountAdmin)
admin.site.register(Group, RoleAdmin)
