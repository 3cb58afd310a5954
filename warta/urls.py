from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from warta.media import views as media_views
from warta.public import views as public_views

urlpatterns: list[URLPattern | URLResolver]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("desk/", include("warta.desk.urls")),
    path("api/", include("warta.api.urls")),
]
if settings.WARTA_SERVE_MEDIA:
    # One machine serves its own uploads; behind a CDN or object storage this is switched off.
    urlpatterns += [
        re_path(r"^media/renditions/(?P<path>.+)$", media_views.rendition),
    ]
urlpatterns += [
    # Before the reader site, whose <section>/ patterns would take /feed/ and the sitemaps.
    path("", include("warta.public.seo_urls")),
    path("", include("warta.public.urls")),
]

handler404 = public_views.page_not_found
handler500 = public_views.server_error
