"""Takedown (pencabutan, Pedoman Pemberitaan Media Siber point 5): only with a public reason from
the guideline's list; the address answers 410 with what was taken down, when and why; the
article leaves every list; the takedown is listed with the corrections; the text stays in
the newsroom's history."""

import pytest

from warta.news import actions
from warta.news.models import Article, Revision, Takedown
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return make_staff("redaktur", "editor")


@pytest.fixture
def taken(editor):
    article = make_article(
        "Foto Korban Kecelakaan di Tol", body="<p>Isi rahasia yang dicabut dari publik.</p>"
    )
    actions.take_down_article(
        article,
        by=editor,
        reason=Takedown.Reason.TRAUMA,
        text="Memuat foto korban yang dapat menambah trauma keluarga.",
    )
    return Article.objects.get(pk=article.pk)


def test_the_address_answers_410_with_what_when_and_why(client, taken):
    response = client.get(taken.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 410
    assert "Foto Korban Kecelakaan di Tol" in page
    assert "Memuat foto korban yang dapat menambah trauma keluarga." in page
    assert "pengalaman traumatik korban" in page
    assert "Isi rahasia" not in page


def test_it_leaves_every_list_and_is_listed_with_the_corrections(client, taken):
    for url in (
        "/",
        f"/{taken.section.slug}/",
        "/feed/",
        "/sitemap-news.xml",
        "/indeks/",
        "/cari/?q=korban+kecelakaan",
        "/api/v1/articles",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert (
            "Isi rahasia" not in body.decode() and taken.get_absolute_url() not in body.decode()
        ), url
    koreksi = client.get("/koreksi/").content.decode()
    assert "Foto Korban Kecelakaan di Tol" in koreksi and "Dicabut" in koreksi
    assert client.get(f"/api/v1/articles/{taken.pk}").status_code == 404


def test_the_text_stays_in_the_history_and_it_cannot_come_back(taken, editor):
    bodies = [r.data["body"] for r in Revision.objects.filter(article=taken)]
    assert any("Isi rahasia" in body for body in bodies)
    with pytest.raises(actions.WorkflowError):
        actions.publish_article(taken, by=editor)
    with pytest.raises(actions.WorkflowError):
        actions.take_down_article(taken, by=editor, reason=Takedown.Reason.SARA, text="Lagi.")


def test_a_reason_from_the_list_and_a_public_text_are_required(editor):
    article = make_article("Berita biasa")
    with pytest.raises(ValueError):
        actions.take_down_article(article, by=editor, reason="sensor", text="Diminta pihak luar.")
    with pytest.raises(ValueError):
        actions.take_down_article(article, by=editor, reason=Takedown.Reason.SARA, text="  ")
    assert Article.objects.get(pk=article.pk).status == "published"


def test_in_the_desk_for_editors_only(client, editor):
    writer = make_staff("penulis", "penulis")
    article = make_article("Berita Milik Penulis", by=writer)
    client.force_login(writer)
    assert (
        client.post(
            f"/desk/berita/{article.pk}/alur/take_down/", {"reason": "sara", "text": "x"}
        ).status_code
        == 403
    )
    client.force_login(editor)
    page = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert f"/desk/berita/{article.pk}/alur/take_down/" in page
    refused = client.post(
        f"/desk/berita/{article.pk}/alur/take_down/", {"reason": "sara", "text": ""}
    )
    assert refused.status_code == 400
    done = client.post(
        f"/desk/berita/{article.pk}/alur/take_down/",
        {"reason": "sara", "text": "Memuat ujaran yang menyinggung SARA."},
    )
    assert done.status_code == 302
    assert Article.objects.get(pk=article.pk).status == "dicabut"
