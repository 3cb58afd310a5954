from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "warta.public"
    label = "public"
    verbose_name = _("Reader site")

    def ready(self) -> None:
        from warta.news import freshness
        from warta.public import edge

        freshness.changed.connect(edge.refresh_on_change, dispatch_uid="warta-edge-refresh")
