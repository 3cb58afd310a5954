from django.contrib import admin
from django.db import transaction

from warta.news import freshness
from warta.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Synonyms apply when a query is read, so a change shows at once, without reindexing;
    cached result pages are refreshed with it.
    """

    list_display = ["term", "means", "both_ways"]
    list_filter = ["both_ways"]
    search_fields = ["term", "means"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(freshness.bump)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(freshness.bump)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(freshness.bump)
