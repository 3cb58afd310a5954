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
