from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff):
    article = make_article("Rencana Tarif KRL Baru", status="draft", body="<p>Belum terbit.</p>")
    Article.objects.filter(pk=article.pk).update(created_by=staff["penulis"])
    return Article.objects.get(pk=article.pk)


def test_staff_preview_uses_the_public_template_privately(client, staff, draft):
    client.force_login(staff["penulis"])
    response = client.get(f"/desk/berita/{draft.pk}/pratinjau/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<h1>Rencana Tarif KRL Baru</h1>" in html and 'class="share"' in html
    assert "data-hit" not in html


def test_a_preview_link_works_for_48_hours_without_an_account(client, staff, draft, time_machine):
    time_machine.move_to(timezone.now())
    client.force_login(staff["penulis"])
    client.post(f"/desk/berita/{draft.pk}/tautan-pratinjau/")
    link = draft.preview_links.get()
    client.logout()
    url = f"/pratinjau/{link.token}/"
    response = client.get(url)
    assert response.status_code == 200 and "Rencana Tarif KRL Baru" in response.content.decode()
    assert (
        response["Cache-Control"] == "private, no-store"
        and response["X-Robots-Tag"] == "noindex, nofollow"
    )
    assert client.get(f"/pratinjau/{link.token}x/").status_code == 404
    time_machine.move_to(timezone.now() + timedelta(hours=48, minutes=1))
    assert client.get(url).status_code == 404


def test_a_revoked_preview_link_stops_working(client, staff, draft):
    client.force_login(staff["editor"])
    client.post(f"/desk/berita/{draft.pk}/tautan-pratinjau/")
    link = draft.preview_links.get()
    client.post(f"/desk/berita/{draft.pk}/tautan-pratinjau/{link.pk}/cabut/")
    client.logout()
    assert client.get(f"/pratinjau/{link.token}/").status_code == 404
    assert AuditEntry.objects.filter(action="preview_link").count() == 2


def test_robots_keep_crawlers_out_of_previews(client, db):
    assert "Disallow: /pratinjau/" in client.get("/robots.txt").content.decode()


def test_editors_order_the_home_page(client, staff, django_capture_on_commit_callbacks):
    stories = [make_article(f"Cerita nomor {n}") for n in range(4)]
    client.force_login(staff["editor"])
    order = f"{stories[2].pk},{stories[0].pk},{stories[3].pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/desk/beranda/", {"order": order, "breaking": stories[1].pk, "breaking_hours": 2}
        )
    assert response.status_code == 302
    chosen = list(
        Article.objects.filter(is_headline=True)
        .order_by("headline_position")
        .values_list("pk", flat=True)
    )
    assert chosen == [stories[2].pk, stories[0].pk, stories[3].pk]
    breaking = Article.objects.get(pk=stories[1].pk).breaking_until
    assert timedelta(hours=1, minutes=59) < breaking - timezone.now() <= timedelta(hours=2)
    home = client.get("/").content.decode()
    lead = home[home.index('class="lead-story"') :]
    assert lead.index("Cerita nomor 2") < lead.index("Cerita nomor 0")
    assert 'class="breaking"' in home and "Cerita nomor 1" in home
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/desk/beranda/", {"do": "clear-breaking"})
    assert not Article.objects.breaking().exists()
    assert 'class="breaking"' not in client.get("/").content.decode()


def test_curation_refuses_more_than_seven(client, staff):
    stories = [make_article() for _ in range(8)]
    client.force_login(staff["editor"])
    response = client.post(
        "/desk/beranda/", {"order": ",".join(str(s.pk) for s in stories)}, follow=True
    )
    assert "Paling banyak satu berita utama dan enam subjudul." in response.content.decode()
    assert not Article.objects.filter(is_headline=True).exists()


def test_admins_read_and_filter_the_audit_log(client, staff):
    article = make_article("Diaudit")
    actions.unpublish_article(article, by=staff["editor"], reason="Salah data", ip="10.1.2.3")
    actions.audit("login_failed", by=None, summary="tamu", ip="10.9.9.9")
    client.force_login(staff["admin"])
    html = client.get("/desk/audit/?aksi=unpublish").content.decode()
    assert "Salah data" in html and "10.1.2.3" in html and "editor" in html
    assert "10.9.9.9" not in html
    assert "10.9.9.9" in client.get("/desk/audit/?aksi=login_failed").content.decode()
