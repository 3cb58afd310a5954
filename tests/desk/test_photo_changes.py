"""A photo corrected in the photo desk is corrected everywhere it appears, and the change is
audited like every other newsroom action."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from warta.media import renditions
from warta.media.html import inline_figure_html
from warta.news.models import AuditEntry
from warta.test import make_article, make_image, make_staff, photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff("editor", "editor")
    client.force_login(user)
    return user


@pytest.fixture
def story():
    """A published article with the photo inside its body, as the desk stores it."""
    image = make_image(caption="Warga menonton latihan di lapangan", credit="Antara")
    body = f"<p>Paragraf pembuka.</p>{inline_figure_html(image)}<p>Paragraf penutup.</p>"
    return make_article("Latihan di lapangan kota", body=body), image


def edit(client, image, **changes):
    data = {
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        **changes,
    }
    return client.post(reverse("desk:photo_edit", args=[image.pk]), data)


def test_a_corrected_caption_shows_at_once_in_the_bodies_that_use_the_photo(
    client, editor, story, django_capture_on_commit_callbacks
):
    article, image = story
    before = client.get(article.get_absolute_url()).content.decode()
    assert "Warga menonton latihan di lapangan" in before
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(client, image, caption="Warga menonton parade di alun-alun", credit="KCNA")
    assert response.status_code == 302
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Warga menonton parade di alun-alun" in page
    assert "Warga menonton latihan di lapangan" not in page
    assert "(sumber: KCNA)" in page
    feed = client.get(reverse("seo:json_feed")).json()
    assert "Warga menonton parade di alun-alun" in feed["items"][0]["content_html"]
    article.refresh_from_db()
    assert "Warga menonton latihan di lapangan" in article.body, "the stored body is as saved"


def test_recut_crops_replace_the_old_ones_in_bodies(client, editor, story):
    article, image = story
    edit(client, image, focal_x="0.2", focal_y="0.3")
    image.refresh_from_db()
    renditions.refresh(image)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"/renditions/{image.pk}/v2/" in page
    assert f"/renditions/{image.pk}/v1/" not in page


def test_the_editor_opens_the_body_with_the_current_caption(client, editor, story):
    article, image = story
    edit(client, image, caption="Keterangan yang sudah diperbaiki")
    form = client.get(reverse("desk:article_edit", args=[article.pk])).content.decode()
    assert "Keterangan yang sudah diperbaiki" in form


def test_body_photos_cost_one_query_whatever_their_number(client):
    images = [make_image(caption=f"Foto ke-{n}") for n in range(4)]
    one = make_article("Satu foto", body=f"<p>A</p>{inline_figure_html(images[0])}")
    many = make_article("Empat foto", body="".join(str(inline_figure_html(i)) for i in images))
    counts = []
    for article in (one, many):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_uploads_and_edits_are_in_the_audit_log(client, editor, story):
    _article, image = story
    upload = {
        "file": SimpleUploadedFile("foto.jpg", photo_bytes()),
        "caption": "Pasar terapung pagi hari",
        "credit": "Warta/Rina",
        "alt_text": "Perahu penuh sayur",
    }
    response = client.post(reverse("desk:photo_upload"), upload, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    edit(client, image, credit="KCNA")
    entries = {entry.action: entry for entry in AuditEntry.objects.all()}
    uploaded = entries["photo_upload"]
    assert (uploaded.actor_name, uploaded.ip) == ("editor", "203.0.113.9")
    assert uploaded.summary == "Pasar terapung pagi hari"
    assert entries["photo_edit"].detail == {"image": image.pk, "changed": ["credit"]}
    admin = make_staff("admin", "admin")
    client.force_login(admin)
    log = client.get(reverse("desk:audit")).content.decode()
    assert "Foto diunggah" in log and "Foto diubah" in log
    assert reverse("desk:photo_edit", args=[image.pk]) in log


def test_saving_a_photo_unchanged_records_nothing(client, editor, story):
    _article, image = story
    assert edit(client, image).status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="photo").exists()


def test_a_refused_upload_is_not_in_the_audit_log(client, editor):
    bad = {
        "file": SimpleUploadedFile("foto.jpg", b"bukan gambar"),
        "caption": "x",
        "credit": "y",
        "alt_text": "z",
    }
    assert client.post(reverse("desk:photo_upload"), bad).status_code == 400
    assert not AuditEntry.objects.filter(action__startswith="photo").exists()
