from django.contrib import admin

from warta.lib.html import clean_html
from warta.news.actions import content_changed
from warta.news.models import Article, ArticleWriter, Page, Person, Section, Tag, Topic


class RefreshesReaderPages(admin.ModelAdmin):
    """Edits made here show on the reader site at once, as the desk's do."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()


class ArticleWriterInline(admin.TabularInline):
    model = ArticleWriter
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(RefreshesReaderPages):
    list_display = ["headline", "section", "status", "published_at"]
    list_filter = ["status", "section"]
    search_fields = ["headline"]
    date_hierarchy = "published_at"
    inlines = [ArticleWriterInline]
    autocomplete_fields = ["tags", "topic", "editor", "hero_image"]
    # Publishing goes through the desk's actions, which also refresh every reader page.
    readonly_fields = ["status", "published_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.body = clean_html(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Section)
class SectionAdmin(RefreshesReaderPages):
    list_display = ["name", "slug", "parent", "order"]


@admin.register(Person)
class PersonAdmin(RefreshesReaderPages):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(RefreshesReaderPages):
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(RefreshesReaderPages):
    search_fields = ["name"]


@admin.register(Page)
class PageAdmin(RefreshesReaderPages):
    list_display = ["title", "slug", "order", "in_footer"]

    def save_model(self, request, obj, form, change):
        obj.body = clean_html(obj.body)
        super().save_model(request, obj, form, change)
