"""Editorial notes in the desk: on the article's page, threaded, with @mentions, resolvable by
their author or an editor, never on the public page."""

import pytest
from django.core.cache import cache

from warta.news import actions
from warta.news.models import EditorialNote, Notification
from warta.test import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(staff):
    return make_article("Jembatan gantung putus", status="draft", by=staff["penulis"])


def test_an_editor_notes_with_a_mention_and_the_writer_answers(client, staff, article):
    client.force_login(staff["editor"])
    response = client.post(
        f"/desk/berita/{article.pk}/catatan/", {"text": "@penulis berapa panjang jembatannya?"}
    )
    note = EditorialNote.objects.get()
    assert response["Location"].endswith(f"#catatan-{note.pk}")
    client.force_login(staff["penulis"])
    bell = client.get("/desk/").content.decode()
    assert 'class="count"' in bell
    listed = client.get("/desk/notifikasi/").content.decode()
    assert "berapa panjang jembatannya?" in listed
    page = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert '<strong class="mention">@penulis</strong>' in page
    client.post(
        f"/desk/berita/{article.pk}/catatan/", {"text": "Sekitar 120 meter.", "parent": note.pk}
    )
    assert EditorialNote.objects.get(parent=note).text == "Sekitar 120 meter."
    assert Notification.objects.filter(user=staff["editor"], kind="mention").exists()
    told = Notification.objects.get(user=staff["penulis"])
    opened = client.get(f"/desk/notifikasi/{told.pk}/")
    assert opened["Location"] == f"/desk/berita/{article.pk}/#catatan-{note.pk}"
    assert Notification.objects.get(pk=told.pk).read_at is not None
    client.force_login(staff["editor"])
    theirs = Notification.objects.get(user=staff["editor"])
    assert client.get(f"/desk/notifikasi/{told.pk}/").status_code == 404  # not theirs
    client.post("/desk/notifikasi/")
    assert Notification.objects.get(pk=theirs.pk).read_at is not None


def test_an_empty_note_saves_nothing_and_says_why(client, staff, article):
    client.force_login(staff["penulis"])
    response = client.post(f"/desk/berita/{article.pk}/catatan/", {"text": "  "}, follow=True)
    assert "Tulis catatannya." in response.content.decode()
    assert EditorialNote.objects.count() == 0


def test_only_the_author_or_an_editor_resolves(client, staff, article):
    note = actions.add_note(article, text="Periksa ejaan.", by=staff["editor"])
    client.force_login(staff["penulis"])
    assert client.post(f"/desk/berita/{article.pk}/catatan/{note.pk}/selesai/").status_code == 403
    client.force_login(staff["editor2"])
    assert client.post(f"/desk/berita/{article.pk}/catatan/{note.pk}/selesai/").status_code == 302
    assert EditorialNote.objects.get().resolved_at is not None


def test_a_note_on_an_article_one_cannot_see_is_a_404(client, staff):
    other = make_article(
        "Draf orang lain",
        status="draft",
        by=staff["editor"],
        writers=[make_person("Bambang Sutrisno")],
    )
    note = actions.add_note(other, text="Rahasia redaksi.", by=staff["editor"])
    client.force_login(staff["penulis"])
    assert client.post(f"/desk/berita/{other.pk}/catatan/", {"text": "x"}).status_code == 404
    resolve = client.post(f"/desk/berita/{other.pk}/catatan/{note.pk}/selesai/")
    assert resolve.status_code == 404


def test_notes_never_reach_readers(client, staff, article):
    actions.add_note(article, text="Catatan internal redaksi.", by=staff["editor"])
    actions.publish_article(article, by=staff["editor"])
    cache.clear()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Catatan internal redaksi." not in page
    api = client.get(f"/api/v1/articles/{article.pk}").content.decode()
    assert "Catatan internal redaksi." not in api


def test_notes_stay_with_the_articles_history(client, staff, article):
    note = actions.add_note(article, text="Judul terlalu panjang.", by=staff["editor"])
    actions.add_note(article, text="Sudah dipendekkan.", by=staff["penulis"], parent=note)
    actions.resolve_note(note, by=staff["editor"])
    client.force_login(staff["penulis"])
    history = client.get(f"/desk/berita/{article.pk}/riwayat/").content.decode()
    assert "Judul terlalu panjang." in history and "Sudah dipendekkan." in history
