"""Embargo in the desk: editors set and lift it on the article's page; the article and the
dashboard show the countdown; publishing too early is refused with the reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    made = make_article("Hasil Sidang Kabinet", status="draft", by=staff["penulis"])
    return made


def test_an_editor_sets_an_embargo_and_publishing_early_is_refused(client, staff, article):
    client.force_login(staff["editor"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        f"/desk/berita/{article.pk}/embargo/", {"date": tomorrow.isoformat(), "time": "09:00"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert timezone.localtime(article.embargo_until).strftime("%H:%M") == "09:00"
    page = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert "Embargo sampai" in page
    assert "Hasil Sidang Kabinet" in client.get("/desk/").content.decode().split("Embargo", 1)[1]
    early = client.post(f"/desk/berita/{article.pk}/alur/publish/", {"note": ""}, follow=True)
    assert "embargo" in early.content.decode().lower()
    assert Article.objects.get(pk=article.pk).status == "draft"
    lift = client.post(f"/desk/berita/{article.pk}/embargo/", {"clear": "1"})
    assert lift.status_code == 302
    assert Article.objects.get(pk=article.pk).embargo_until is None


def test_a_writer_cannot_set_or_lift_an_embargo(client, staff, article):
    actions.set_embargo(article, until=timezone.now() + timedelta(hours=3), by=staff["editor"])
    client.force_login(staff["penulis"])
    assert client.post(f"/desk/berita/{article.pk}/embargo/", {"clear": "1"}).status_code == 403
    assert Article.objects.get(pk=article.pk).embargo_until is not None


def test_a_past_time_is_refused_beside_the_field(client, staff, article):
    client.force_login(staff["editor"])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        f"/desk/berita/{article.pk}/embargo/", {"date": yesterday.isoformat(), "time": "09:00"}
    )
    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).embargo_until is None
