"""A live report from the desk and on the reader's page: the compact form stays on the page,
updates show newest first (pinned on top), newer ones load from the updates endpoint, edits
keep the earlier text and show the correction, and the page carries LiveBlogPosting."""

import json
import re

import pytest
from django.core.cache import cache

from warta.news import actions
from warta.news.models import LiveUpdate
from warta.test import make_article, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(staff):
    article = make_article(
        "Laporan langsung: pelantikan kepala daerah",
        writers=[make_person("Rina Kusuma")],
    )
    cache.clear()
    return article


def test_a_writer_starts_posts_and_an_editor_ends(client, staff, report):
    client.force_login(staff["penulis"])
    assert client.post(f"/desk/berita/{report.pk}/langsung/mulai/").status_code == 302
    response = client.post(
        f"/desk/berita/{report.pk}/langsung/", {"text": "Tamu undangan mulai berdatangan."}
    )
    assert response["Location"] == f"/desk/berita/{report.pk}/langsung/"
    console = client.get(response["Location"]).content.decode()
    assert "Tamu undangan mulai berdatangan." in console
    assert 'name="text"' in console  # the form stays on the page
    client.force_login(staff["editor"])
    client.post(
        f"/desk/berita/{report.pk}/langsung/",
        {"text": "Pelantikan dimulai.", "pinned": "on"},
    )
    client.post(f"/desk/berita/{report.pk}/langsung/akhiri/")
    closed = client.post(f"/desk/berita/{report.pk}/langsung/", {"text": "Terlambat."})
    assert "Liputan belum berjalan" in closed.content.decode()
    assert LiveUpdate.objects.count() == 2


def test_an_empty_update_or_an_unknown_photo_is_refused_beside_the_field(client, staff, report):
    actions.start_live(report, by=staff["editor"])
    client.force_login(staff["editor"])
    empty = client.post(f"/desk/berita/{report.pk}/langsung/", {"text": " "})
    assert empty.status_code == 400 and "Tulis pembaruannya." in empty.content.decode()
    photo = client.post(f"/desk/berita/{report.pk}/langsung/", {"text": "Foto", "image": "9999"})
    assert "Tidak ada foto dengan nomor itu di pustaka." in photo.content.decode()
    assert LiveUpdate.objects.count() == 0


def test_the_reader_sees_updates_newest_first_and_pinned_on_top(client, staff, report):
    actions.start_live(report, by=staff["editor"])
    for text, pinned in (("Pertama.", False), ("Penting sekali.", True), ("Terbaru.", False)):
        actions.post_live_update(report, text=text, pinned=pinned, by=staff["editor"])
    page = client.get(report.get_absolute_url()).content.decode()
    order = [page.index(text) for text in ("Penting sekali.", "Terbaru.", "Pertama.")]
    assert order == sorted(order)
    assert "data-live-url" in page
    data = [json.loads(b) for b in re.findall(r'ld\+json">(.*?)</script>', page, re.S)]
    live = next(item for item in data if item.get("@type") == "LiveBlogPosting")
    assert live["coverageStartTime"]
    assert "coverageEndTime" not in live
    assert [u["articleBody"] for u in live["liveBlogUpdate"]][0] == "Penting sekali."
    assert len(live["liveBlogUpdate"]) == 3


def test_newer_updates_load_from_the_endpoint(
    client, staff, report, django_capture_on_commit_callbacks
):
    actions.start_live(report, by=staff["editor"])
    first = actions.post_live_update(report, text="Satu.", by=staff["editor"])
    url = f"/langsung/{report.pk}.json"
    assert [u["id"] for u in client.get(url).json()["updates"]] == [first.pk]
    second = actions.post_live_update(report, text="Dua.", by=staff["editor"])
    newer = client.get(f"{url}?setelah={first.pk}").json()
    assert [u["id"] for u in newer["updates"]] == [second.pk]
    assert "Dua." in newer["updates"][0]["html"] and newer["live"] is True
    assert client.get(f"{url}?setelah=abc").status_code == 200  # junk is the start
    with django_capture_on_commit_callbacks(execute=True):  # the reader pages go stale
        actions.end_live(report, by=staff["editor"])
    assert client.get(url).json()["live"] is False


def test_updates_of_an_unpublished_article_are_nobodys(client, staff):
    draft = make_article("Draf laporan langsung", status="draft", by=staff["penulis"])
    actions.start_live(draft, by=staff["editor"])
    actions.post_live_update(draft, text="Belum boleh tampil.", by=staff["editor"])
    assert client.get(f"/langsung/{draft.pk}.json").status_code == 404


def test_an_edit_keeps_the_earlier_text_and_the_reader_sees_the_correction(client, staff, report):
    actions.start_live(report, by=staff["editor"])
    update = actions.post_live_update(report, text="Hadir 30 menteri.", by=staff["editor"])
    client.force_login(staff["editor"])
    response = client.post(
        f"/desk/berita/{report.pk}/langsung/{update.pk}/",
        {"text": "Hadir 13 menteri.", "correction": "Jumlah menteri diperbaiki."},
    )
    assert response.status_code == 302
    edit_page = client.get(f"/desk/berita/{report.pk}/langsung/{update.pk}/").content.decode()
    assert "Hadir 30 menteri." in edit_page  # the earlier text
    client.logout()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Hadir 13 menteri." in page and "Jumlah menteri diperbaiki." in page
    assert "Hadir 30 menteri." not in page


def test_an_ended_report_stays_with_its_coverage_end(client, staff, report):
    actions.start_live(report, by=staff["editor"])
    actions.post_live_update(report, text="Selesai dengan tertib.", by=staff["editor"])
    actions.end_live(report, by=staff["editor"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Selesai dengan tertib." in page and "data-live-url" not in page
    data = [json.loads(b) for b in re.findall(r'ld\+json">(.*?)</script>', page, re.S)]
    live = next(item for item in data if item.get("@type") == "LiveBlogPosting")
    assert live["coverageEndTime"]
