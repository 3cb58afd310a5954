from django.contrib import admin

from warta.media.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Read-only: photos are uploaded and edited in the photo desk, where the edit rights for
    photos in print and the audit log apply (news.actions.upload_photo, edit_photo)."""

    list_display = ["caption", "credit", "width", "height", "created_at"]
    search_fields = ["caption", "credit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
