import pytest
from django.contrib.auth import get_user_model

from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


def test_the_django_admin_is_for_superusers_only(client):
    make_article()
    editor = make_staff("editor", "editor")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302
    boss = get_user_model().objects.create_superuser("boss", password="Sandi-Rahasia-Boss-1")
    client.force_login(boss)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/news/article/").status_code == 200


@pytest.fixture
def boss(client):
    user = get_user_model().objects.create_superuser("boss", password="Sandi-Rahasia-Boss-1")
    client.force_login(user)
    return user


def test_articles_are_read_only_in_the_admin(client, boss):
    from warta.news.models import Article

    story = make_article("Judul asli dari desk")
    assert client.get(f"/admin/news/article/{story.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/news/article/{story.pk}/change/", {"headline": "Diubah lewat admin"}
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=story.pk).headline == "Judul asli dari desk"
    assert client.get("/admin/news/article/add/").status_code == 403


def test_deleting_an_article_in_the_admin_goes_through_the_action(client, boss):
    from warta.news.models import Article, AuditEntry
    from warta.search.models import Document

    story = make_article("Berita yang dihapus")
    assert Document.objects.filter(pk=story.pk).exists()
    response = client.post(f"/admin/news/article/{story.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=story.pk).exists()
    assert not Document.objects.filter(pk=story.pk).exists()
    assert AuditEntry.objects.filter(action="article_delete", actor=boss).exists()


def test_a_static_page_saved_in_the_admin_is_sanitized_and_audited(client, boss):
    from warta.news.models import AuditEntry, Page

    response = client.post(
        "/admin/news/page/add/",
        {
            "title": "Tentang Kami",
            "slug": "tentang-kami",
            "body": '<p onclick="x()">Redaksi</p><script>alert(1)</script>',
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(slug="tentang-kami").body == "<p>Redaksi</p>"
    assert AuditEntry.objects.filter(action="page_create", actor=boss).exists()
