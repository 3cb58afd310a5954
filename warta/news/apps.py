from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "warta.news"
    label = "news"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from warta.media import renditions
        from warta.news import actions

        renditions.published.connect(actions.show_new_renditions, dispatch_uid="warta-renditions")
