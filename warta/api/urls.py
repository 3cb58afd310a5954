from django.urls import URLPattern, URLResolver, path

from warta.api.reference import reference
from warta.api.v1 import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", reference, name="api-reference"),
    path("v1/", api.urls),
]
