"""Labels in the desk: an editor marks paid content and the verification notice on the
article's page; a writer cannot; bad input is answered beside the field and saves nothing."""

import pytest

from warta.news import actions
from warta.news.models import Article
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    return make_article("Promo rumah subsidi di Bekasi", status="draft", by=staff["penulis"])


def url(article) -> str:
    return f"/desk/berita/{article.pk}/label/"


def test_an_editor_labels_an_advertorial(client, staff, article):
    client.force_login(staff["editor"])
    editor_page = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert url(article) in editor_page
    response = client.post(
        url(article), {"form": "sponsorship", "kind": "advertorial", "sponsor": "PT Rumah Contoh"}
    )
    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.kind, saved.sponsor) == ("advertorial", "PT Rumah Contoh")
    assert "PT Rumah Contoh" in client.get(f"/desk/berita/{article.pk}/").content.decode()


def test_a_sponsored_article_needs_its_sponsor_named(client, staff, article):
    client.force_login(staff["editor"])
    response = client.post(url(article), {"form": "sponsorship", "kind": "bersponsor"})
    assert response.status_code == 400
    assert "Tulis nama sponsornya" in response.content.decode()
    assert Article.objects.get(pk=article.pk).kind == "berita"


def test_a_writer_cannot_label_their_own_article(client, staff, article):
    client.force_login(staff["penulis"])
    assert url(article) not in client.get(f"/desk/berita/{article.pk}/").content.decode()
    response = client.post(
        url(article), {"form": "sponsorship", "kind": "advertorial", "sponsor": "X"}
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).kind == "berita"


def test_the_notice_and_its_update_are_saved_together(client, staff, article):
    update = make_article("Rumah subsidi: harga dipastikan pengembang")
    client.force_login(staff["editor"])
    page = client.get(url(article)).content.decode()
    assert "Berita ini masih memerlukan verifikasi lebih lanjut" in page  # the guideline's words
    response = client.post(
        url(article),
        {
            "form": "verification",
            "notice": "Harga belum dikonfirmasi.",
            "update": update.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.verification_notice, saved.verified_in_id) == (
        "Harga belum dikonfirmasi.",
        update.pk,
    )


def test_an_unknown_update_saves_nothing(client, staff, article):
    client.force_login(staff["editor"])
    response = client.post(
        url(article), {"form": "verification", "notice": "Belum pasti.", "update": "999999"}
    )
    assert response.status_code == 400
    assert "Tidak ada berita dengan nomor atau alamat itu." in response.content.decode()
    assert Article.objects.get(pk=article.pk).verification_notice == ""


def test_removing_the_notice_asks_why(client, staff, article):
    actions.set_verification_notice(article, text="Belum pasti.", by=staff["editor"])
    client.force_login(staff["editor"])
    response = client.post(url(article), {"form": "verification", "notice": "", "update": ""})
    assert response.status_code == 400
    assert "Tulis alasan keterangan ini dihapus." in response.content.decode()
    assert Article.objects.get(pk=article.pk).verification_notice == "Belum pasti."
    done = client.post(
        url(article), {"form": "verification", "notice": "", "update": "", "note": "Terkonfirmasi."}
    )
    assert done.status_code == 302
    assert Article.objects.get(pk=article.pk).verification_notice == ""
