"""The desk's main pages pass the Nu Html Checker: a nested form would silently drop fields."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.validators import vnu_errors
from warta.news import actions
from warta.news.models import Article
from warta.search.models import Synonym
from warta.test import make_article, make_image

pytestmark = pytest.mark.django_db


def test_main_desk_pages_have_no_html_errors(client, staff, tmp_path):
    image = make_image()
    article = make_article("Berita di meja redaksi", status="draft", image=image)
    published = make_article("Berita terbit")
    actions.correct_article(published, by=staff["editor"], kind="ralat", text="Angka diperbaiki.")
    client.force_login(staff["admin"])
    client.post(
        f"/desk/berita/{article.pk}/",
        {
            "headline": "Berita di meja redaksi",
            "section": article.section_id,
            "writer_1": article.article_writers.first().person_id,
            "body": "<p>Satu.</p>",
            "base_revision": "",
        },
    )
    client.post(
        f"/desk/berita/{article.pk}/",
        {
            "headline": "Berita di meja redaksi",
            "section": article.section_id,
            "writer_1": article.article_writers.first().person_id,
            "body": "<p>Dua.</p>",
            "base_revision": Article.objects.get(pk=article.pk).current_revision_id,
        },
    )
    # The newsroom's day: a note with a reply, a plan, a live report, labels.
    note = actions.add_note(article, text="@penulis cek angka.", by=staff["editor"])
    actions.add_note(article, text="Sudah.", by=staff["penulis"], parent=note)
    assignment = actions.assign_story(
        title="Liputan pasar",
        brief="Harga cabai.",
        section=article.section,
        assignees=[staff["penulis"]],
        deadline=timezone.now() + timedelta(hours=2),
        by=staff["editor"],
    )
    actions.start_live(published, by=staff["editor"])
    update = actions.post_live_update(published, text="Pembaruan.", pinned=True, by=staff["editor"])
    pages = {
        "dashboard": "/desk/",
        "plan": "/desk/rencana/",
        "week": "/desk/rencana/minggu/",
        "mine": "/desk/tugas/",
        "assignment": f"/desk/rencana/{assignment.pk}/",
        "assignment_new": "/desk/rencana/baru/",
        "assignment_edit": f"/desk/rencana/{assignment.pk}/ubah/",
        "notifications": "/desk/notifikasi/",
        "live": f"/desk/berita/{published.pk}/langsung/",
        "live_edit": f"/desk/berita/{published.pk}/langsung/{update.pk}/",
        "labels": f"/desk/berita/{article.pk}/label/",
        "reader_live": published.get_absolute_url(),
        "new": "/desk/berita/baru/",
        "edit": f"/desk/berita/{article.pk}/",
        "workflow": f"/desk/berita/{article.pk}/alur/schedule/",
        "history": f"/desk/berita/{article.pk}/riwayat/",
        "compare": f"/desk/berita/{article.pk}/riwayat/bandingkan/?a=1&b=2",
        "photos": "/desk/foto/",
        "upload": "/desk/foto/unggah/",
        "photo": f"/desk/foto/{image.pk}/",
        "curate": "/desk/beranda/",
        "audit": "/desk/audit/",
        "settings": "/desk/pengaturan/",
        "staff": "/desk/staf/",
        "sections": "/desk/rubrik/",
        "search": "/desk/cari/?q=berita&status=draft&status=published",
        "search_help": "/desk/cari/",
        "search_filters": "/desk/cari/?status=draft",
        "search_errors": "/desk/cari/?q=berita&since=2025-13-01&writer=x",
        "synonyms": "/desk/sinonim/?saring=korea",
        "synonym": f"/desk/sinonim/{Synonym.objects.get(term='Korut').pk}/",
        "corrections": "/koreksi/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (400 if name == "search_errors" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    confirm = tmp_path / "synonym_delete.html"
    korut = Synonym.objects.get(term="Korut")
    confirm.write_bytes(client.post(f"/desk/sinonim/{korut.pk}/", {"delete": "1"}).content)
    files.append(confirm)
    client.logout()
    login = tmp_path / "login.html"
    login.write_bytes(client.get("/desk/masuk/").content)
    files.append(login)
    errors = vnu_errors(files)
    assert not errors, "\n".join(errors)
