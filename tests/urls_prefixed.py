"""Warta's URLconf under /koran/, for tests that change the URLconf."""

from django.urls import include, path

urlpatterns = [path("koran/", include("warta.urls"))]
