"""The Kawat inbox in the desk: any staff member reads it and makes drafts; editors manage the
sources; nothing in it reaches readers until an editor publishes a draft."""

import pytest

from warta.news.models import Article, AuditEntry, Section, WireItem, WireSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire(staff):
    source = WireSource.objects.create(
        name="Kantor Berita Uji",
        url="https://kbu.example/rss",
        credit="KBU",
        licence_note="Untuk pelanggan saja",
        section=Section.objects.get(slug="nasional"),
    )
    items = [
        WireItem.objects.create(
            source=source,
            guid=f"g{n}",
            title=title,
            summary=f"Ringkasan {title}",
            body=f"<p>Isi {title}.</p>",
        )
        for n, title in enumerate(["Harga Cabai Turun", "Kereta Cepat Tambah Jadwal"])
    ]
    return source, items


def test_a_writer_reads_the_inbox_and_makes_a_draft(client, staff, wire):
    source, (first, second) = wire
    client.force_login(staff["penulis"])
    page = client.get("/desk/kawat/").content.decode()
    assert "Harga Cabai Turun" in page and "Kereta Cepat Tambah Jadwal" in page
    assert "Untuk pelanggan saja" in page
    assert "/desk/kawat/sumber/" not in page  # sources are the editors'
    response = client.post(f"/desk/kawat/{first.pk}/draf/")
    article = Article.objects.get(headline="Harga Cabai Turun")
    assert response["Location"] == f"/desk/berita/{article.pk}/"
    assert article.status == "draft" and article.body.endswith("<p>(sumber: KBU)</p>")
    assert article.created_by == staff["penulis"]
    assert AuditEntry.objects.filter(action="wire_draft", article=article).exists()
    # A second click opens the same draft instead of making another.
    again = client.post(f"/desk/kawat/{first.pk}/draf/")
    assert again["Location"] == f"/desk/berita/{article.pk}/"
    assert Article.objects.count() == 1
    # The used story leaves the "new" list and shows under "used" with its draft.
    assert "Harga Cabai Turun" not in client.get("/desk/kawat/").content.decode()
    used = client.get("/desk/kawat/", {"status": "dipakai"}).content.decode()
    assert f"/desk/berita/{article.pk}/" in used


def test_a_wire_storys_own_dateline_becomes_the_drafts(client, staff, wire):
    """Wire copy opens with its own dateline ("Jakarta (KBU) - "): the draft takes the city
    as its dateline and the text starts with the news, so the page reads "JAKARTA, Warta -"
    once."""
    source, (first, _second) = wire
    first.body = "<p>Jakarta (KBU) - Harga cabai rawit turun sepertiga.</p><p>Kedua.</p>"
    first.save()
    client.force_login(staff["penulis"])
    client.post(f"/desk/kawat/{first.pk}/draf/")
    article = Article.objects.get(headline="Harga Cabai Turun")
    assert article.dateline_city == "Jakarta"
    assert article.body.startswith("<p>Harga cabai rawit turun sepertiga.</p>")


def test_ignore_search_and_filter(client, staff, wire):
    _source, (first, second) = wire
    client.force_login(staff["penulis"])
    client.post(
        f"/desk/kawat/{first.pk}/status/", {"status": "diabaikan", "next": "https://x.example/"}
    )
    first.refresh_from_db()
    assert first.status == "diabaikan"
    assert "Harga Cabai" not in client.get("/desk/kawat/").content.decode()
    found = client.get("/desk/kawat/", {"q": "kereta", "status": "semua"}).content.decode()
    assert "Kereta Cepat" in found and "Harga Cabai" not in found
    response = client.post(f"/desk/kawat/{first.pk}/status/", {"status": "dipakai"})
    first.refresh_from_db()
    assert first.status == "diabaikan"  # "used" comes only with a draft
    assert response.status_code == 302


def test_a_source_without_a_section_says_so(client, staff, wire):
    source, (first, _second) = wire
    source.section = None
    source.save()
    client.force_login(staff["penulis"])
    response = client.post(f"/desk/kawat/{first.pk}/draf/", follow=True)
    assert "belum punya rubrik bawaan" in response.content.decode()
    assert Article.objects.count() == 0


def test_editors_manage_sources_and_bad_addresses_are_refused(client, staff):
    client.force_login(staff["penulis"])
    assert client.get("/desk/kawat/sumber/").status_code == 403
    client.force_login(staff["editor"])
    form = {
        "name": "Mitra",
        "url": "ftp://mitra.example/feed",
        "credit": "Mitra",
        "interval": 10,
        "active": "on",
    }
    refused = client.post("/desk/kawat/sumber/", form)
    assert refused.status_code == 400 and WireSource.objects.count() == 0
    form["url"] = "https://mitra.example/feed.xml"
    assert client.post("/desk/kawat/sumber/", form).status_code == 302
    assert WireSource.objects.get().credit == "Mitra"
    assert AuditEntry.objects.filter(action="wiresource_create").exists()
    form["interval"] = 1
    edit = client.post(f"/desk/kawat/sumber/{WireSource.objects.get().pk}/", form)
    assert edit.status_code == 400


def test_the_wire_pages_refuse_readers_and_get(client, staff, wire):
    _source, (first, _second) = wire
    assert client.get("/desk/kawat/").status_code == 302
    assert client.post(f"/desk/kawat/{first.pk}/draf/").status_code == 302
    client.force_login(staff["penulis"])
    assert client.get(f"/desk/kawat/{first.pk}/draf/").status_code == 405
    assert client.post("/desk/kawat/999999/draf/").status_code == 404
