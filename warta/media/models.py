from django.db import models
from django.utils.translation import gettext_lazy as _

from warta.media import renditions as rendition_files


class Image(models.Model):
    """A photo as uploaded, with its credit, and the renditions readers are actually served."""

    file = models.ImageField(
        _("original file"), upload_to="originals/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(_("credit/source"), max_length=120)
    alt_text = models.CharField(_("alt text"), max_length=250)
    photographer = models.ForeignKey(
        "news.Person",
        verbose_name=_("photographer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    usage_note = models.CharField(_("usage/licence note"), max_length=250, blank=True)
    focal_x = models.FloatField(_("focal point x"), default=0.5)
    focal_y = models.FloatField(_("focal point y"), default=0.5)
    # Bumped whenever the crops change, so rendition URLs change too and may be cached forever.
    version = models.PositiveIntegerField(default=1)
    # {"16x9": [480, 800, ...], ...}: what has been generated, for `rendition_version`. Pages
    # keep serving these until the worker has cut the crops of a newer version.
    renditions = models.JSONField(default=dict, blank=True)
    rendition_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.caption

    def rendition_set(self, crop: str) -> rendition_files.RenditionSet | None:
        return rendition_files.rendition_set(self, crop)
