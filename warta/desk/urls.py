from django.urls import path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from warta.desk.views import (
    admin,
    articles,
    audit,
    auth,
    curation,
    dashboard,
    lookups,
    photos,
    preview,
    revisions,
    search,
    settings,
    workflow,
)

app_name = "desk"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("masuk/", auth.login_view, name="login"),
    # The rich-text editor's own words, in the desk's language (locale/*/djangojs.po).
    path(
        "bahasa.js",
        cache_page(3600)(JavaScriptCatalog.as_view()),
        name="js_catalog",
    ),
    path("keluar/", auth.logout_view, name="logout"),
    path("berita/baru/", articles.article_new, name="article_new"),
    path("berita/<int:pk>/", articles.article_edit, name="article_edit"),
    path("berita/<int:pk>/autosimpan/", articles.article_autosave, name="article_autosave"),
    path("berita/<int:pk>/hadir/", articles.article_presence, name="article_presence"),
    path("berita/<int:pk>/alur/<str:action>/", workflow.workflow, name="workflow"),
    path("berita/<int:pk>/pratinjau/", preview.staff_preview, name="preview"),
    path("berita/<int:pk>/tautan-pratinjau/", preview.create_link, name="preview_link"),
    path(
        "berita/<int:pk>/tautan-pratinjau/<int:link>/cabut/",
        preview.revoke_link,
        name="preview_revoke",
    ),
    path("berita/<int:pk>/riwayat/", revisions.history, name="history"),
    path("berita/<int:pk>/riwayat/bandingkan/", revisions.compare, name="compare"),
    path("berita/<int:pk>/riwayat/<int:number>/pulihkan/", revisions.restore, name="restore"),
    path("cari/", search.search, name="search"),
    path("cari/berita.json", lookups.published_articles, name="lookup_articles"),
    path("cari/tag.json", lookups.tags, name="lookup_tags"),
    path("foto/", photos.photos, name="photos"),
    path("foto/unggah/", photos.photo_upload, name="photo_upload"),
    path("foto/<int:pk>/", photos.photo_edit, name="photo_edit"),
    path("foto/<int:pk>/asli/", photos.photo_original, name="photo_original"),
    path("foto/cari.json", photos.photo_lookup, name="photo_lookup"),
    path("beranda/", curation.curate, name="curate"),
    path("audit/", audit.audit_log, name="audit"),
    path("pengaturan/", settings.site_settings, name="site_settings"),
    path("staf/", admin.staff, name="staff"),
    path("staf/<int:pk>/", admin.staff_edit, name="staff_edit"),
    path("rubrik/", admin.sections, name="sections"),
    path("rubrik/<int:pk>/", admin.sections, name="sections_edit"),
    path("halaman/", admin.pages, name="pages"),
    path("halaman/<int:pk>/", admin.pages, name="pages_edit"),
    path("topik/", admin.topics, name="topics"),
    path("topik/<int:pk>/", admin.topics, name="topics_edit"),
    path("sinonim/", admin.synonyms, name="synonyms"),
    path("sinonim/<int:pk>/", admin.synonyms, name="synonyms_edit"),
]
