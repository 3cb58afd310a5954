from django.contrib import admin

from warta.media.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["caption", "credit", "width", "height", "created_at"]
    search_fields = ["caption", "credit"]
    readonly_fields = ["width", "height", "version", "renditions"]
