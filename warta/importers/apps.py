from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "warta.importers"
    label = "importers"
    verbose_name = "Importers"
