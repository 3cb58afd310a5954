from django.urls import path, register_converter

from warta.public import views


class SlugConverter:
    """Slugs of reasonable length only; anything longer is a 404 before any query."""

    regex = r"[-a-zA-Z0-9_]{1,120}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "nslug")

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("indeks/", views.index, name="index"),
    path("indeks/<str:day>/", views.index, name="index_day"),
    path("tag/<nslug:slug>/", views.tag, name="tag"),
    path("topik/<nslug:slug>/", views.topic, name="topic"),
    path("penulis/<nslug:slug>/", views.person, name="person"),
    path("halaman/<nslug:slug>/", views.static_page, name="page"),
    path("hit/<int:pk>/", views.count_view, name="count_view"),
    path("koreksi/", views.corrections, name="corrections"),
    path("langsung/<int:pk>.json", views.live_updates, name="live_updates"),
    path("pratinjau/<str:token>/", views.shared_preview, name="shared_preview"),
    path("<nslug:section_slug>/", views.section, name="section"),
    path("<nslug:section_slug>/<int:pk>/", views.article, name="article_short"),
    path("<nslug:section_slug>/<int:pk>/<nslug:slug>/", views.article, name="article"),
]
