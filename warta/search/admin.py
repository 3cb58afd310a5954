from django.contrib import admin

from warta.lib.addresses import client_ip
from warta.news import actions
from warta.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Synonyms apply when a query is read, so a change shows at once, without reindexing;
    saved and deleted through news.actions like the desk's synonym page."""

    list_display = ["term", "means", "both_ways"]
    list_filter = ["both_ways"]
    search_fields = ["term", "means"]

    def save_model(self, request, obj, form, change):
        actions.save_site_record(obj, by=request.user, ip=client_ip(request))

    def delete_model(self, request, obj):
        actions.delete_site_record(obj, by=request.user, ip=client_ip(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
