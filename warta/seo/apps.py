from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    name = "warta.seo"
    label = "seo"
    verbose_name = _("Feeds, sitemaps and structured data")
