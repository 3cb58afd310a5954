"""Every save is a revision; any two can be compared; restoring makes a new one; conflicts keep both."""

import re

import pytest

from warta.news import actions
from warta.news.models import Article, Revision
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    """A draft the writer made: revision 1 is its first version."""
    return make_article(
        "Harga Beras Naik",
        status="draft",
        body="<p>Harga beras naik lima persen.</p>",
        by=staff["penulis"],
    )


def post(client, article, **fields):
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "section": article.section_id,
        "body": article.body,
        "writer_1": article.article_writers.first().person_id,
        "base_revision": article.current_revision_id or "",
    }
    data.update(fields)
    return client.post(f"/desk/berita/{article.pk}/", data)


def test_every_save_is_a_revision_with_author_and_time(client, staff, article):
    client.force_login(staff["editor"])
    post(client, article, body="<p>Harga beras naik tujuh persen.</p>")
    post(client, article, headline="Harga Beras Naik Lagi")
    first, *revisions = list(article.revisions.order_by("number"))
    assert [r.number for r in revisions] == [2, 3]
    assert first.author == staff["penulis"]
    assert all(r.author == staff["editor"] and r.created_at for r in revisions)
    assert revisions[0].data["body"] == "<p>Harga beras naik tujuh persen.</p>"
    assert revisions[1].data["headline"] == "Harga Beras Naik Lagi"
    assert (
        "Harga Beras Naik Lagi"
        in client.get(f"/desk/berita/{article.pk}/riwayat/").content.decode()
    )


def test_the_diff_shows_words_and_fields(client, staff, article):
    client.force_login(staff["editor"])
    post(client, article, body="<p>Harga beras naik tujuh persen di pasar.</p>")
    post(
        client,
        article,
        headline="Harga Beras Melonjak",
        body="<p>Harga beras naik sembilan persen di pasar.</p>",
    )
    html = client.get(f"/desk/berita/{article.pk}/riwayat/bandingkan/?a=2&b=3").content.decode()
    assert "<del>tujuh</del> <ins>sembilan</ins>" in html
    assert "Harga Beras <del>Naik</del> <ins>Melonjak</ins>" in html
    assert client.get(f"/desk/berita/{article.pk}/riwayat/bandingkan/?a=1&b=99").status_code == 404


def test_restoring_makes_a_new_revision_and_loses_nothing(client, staff, article):
    client.force_login(staff["editor"])
    post(client, article, body="<p>Versi pertama.</p>")
    post(client, article, body="<p>Versi kedua.</p>")
    assert client.post(f"/desk/berita/{article.pk}/riwayat/2/pulihkan/").status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Versi pertama.</p>"
    kinds = list(article.revisions.order_by("number").values_list("kind", flat=True))
    assert kinds == ["manual", "manual", "manual", "restore"]
    assert article.revisions.get(number=3).data["body"] == "<p>Versi kedua.</p>"


def test_two_editors_on_one_revision_the_second_gets_a_conflict(client, staff, article):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(staff["editor"])
    second.force_login(staff["editor2"])
    base = (
        post(first, article, body="<p>Awal.</p>")
        and Article.objects.get(pk=article.pk).current_revision_id
    )
    common = {
        "headline": article.headline,
        "section": article.section_id,
        "writer_1": article.article_writers.first().person_id,
        "base_revision": base,
    }
    assert (
        first.post(
            f"/desk/berita/{article.pk}/", {**common, "body": "<p>Teks editor satu.</p>"}
        ).status_code
        == 302
    )
    response = second.post(
        f"/desk/berita/{article.pk}/", {**common, "body": "<p>Teks editor dua.</p>"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Teks editor satu." in html and "Teks editor dua." in html
    assert "Orang lain menyimpan berita ini" in html
    article.refresh_from_db()
    assert article.body == "<p>Teks editor satu.</p>"
    kept = article.revisions.get(kind=Revision.Kind.CONFLICT)
    assert kept.data["body"] == "<p>Teks editor dua.</p>" and kept.author == staff["editor2"]
    latest = re.search(r'name="base_revision" value="(\d+)"', html).group(1)
    merged = {
        **common,
        "base_revision": latest,
        "body": "<p>Teks editor satu.</p><p>Teks editor dua.</p>",
    }
    assert second.post(f"/desk/berita/{article.pk}/", merged).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Teks editor satu.</p><p>Teks editor dua.</p>"


def test_autosave_saves_without_reloading_and_reports_conflicts(client, staff, article):
    client.force_login(staff["editor"])
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "section": article.section_id,
        "writer_1": article.article_writers.first().person_id,
        "body": "<p>Ketikan terbaru.</p>",
        "base_revision": article.current_revision_id,
    }
    response = client.post(f"/desk/berita/{article.pk}/autosimpan/", data)
    assert response.status_code == 200
    revision = response.json()["revision"]
    assert Revision.objects.get(pk=revision).kind == "autosave"
    stale = client.post(f"/desk/berita/{article.pk}/autosimpan/", {**data, "base_revision": ""})
    assert stale.status_code == 409 and stale.json()["conflict"] is True
    assert Revision.objects.filter(article=article, kind="conflict").count() == 1


def test_presence_shows_who_else_has_the_article_open(client, staff, article):
    from django.test import Client

    other = Client()
    other.force_login(staff["editor2"])
    client.force_login(staff["editor"])
    assert client.post(f"/desk/berita/{article.pk}/hadir/").json()["others"] == []
    assert other.post(f"/desk/berita/{article.pk}/hadir/").json()["others"] == ["editor"]
    assert (
        "Sedang disunting oleh editor2"
        in client.get(f"/desk/berita/{article.pk}/").content.decode()
    )


def test_leaving_the_editor_ends_presence_at_once(client, staff, article):
    """The editor page tells the server when it is closed (pagehide), so "Sedang disunting
    oleh ..." does not outlive the writer's visit."""
    from django.test import Client

    other = Client()
    other.force_login(staff["editor2"])
    client.force_login(staff["editor"])
    other.post(f"/desk/berita/{article.pk}/hadir/")
    assert "editor2" in client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert other.post(f"/desk/berita/{article.pk}/hadir/", {"leave": "1"}).json()["others"] == []
    page = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert "Sedang disunting oleh editor2" not in page
    assert client.post(f"/desk/berita/{article.pk}/hadir/").json()["others"] == []


def test_what_the_sanitizer_removed_is_reported(client, staff, article):
    client.force_login(staff["editor"])
    response = post(client, article, body='<p onclick="x()">Aman<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Aman</p>"
    page = client.get(response["Location"]).content.decode()
    assert (
        "Demi keamanan, bagian isi berikut dihapus" in page
        and "&lt;script&gt;" in page
        and "p[onclick]" in page
    )


def test_editor_round_trip_keeps_quotes_baca_juga_and_photos(staff):
    from warta.desk import body
    from warta.lib.html import clean_html
    from warta.media.html import inline_figure_html
    from warta.test import make_image

    photo = make_image(caption="Pasar pagi", credit="Warta")
    stored = clean_html(
        '<p>Satu.</p><figure class="kutipan"><blockquote><p>"Kami siap."</p></blockquote><figcaption>Kepala BPBD</figcaption></figure>'
        '<aside class="baca-juga"><strong>Baca Juga:</strong> <a href="/nasional/1/x/">Judul lain</a></aside>'
        + str(inline_figure_html(photo))
    )
    editing = body.to_editor(stored)
    assert (
        "<p>— Kepala BPBD</p></blockquote>" in editing
        and "<p><strong>Baca Juga:</strong>" in editing
    )
    assert clean_html(body.from_editor(clean_html(editing))) == stored


def test_a_published_story_edit_shows_as_updated(
    client, staff, article, django_capture_on_commit_callbacks
):
    actions.publish_article(article, by=staff["editor"])
    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="<p>Harga beras naik delapan persen.</p>")
    article.refresh_from_db()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "delapan persen" in page
