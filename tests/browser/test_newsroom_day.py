"""A newsroom's day in a real browser, by clicks and typing only.

An editor assigns a story; the writer accepts it, writes it with a co-byline chosen from the
people list and a quote attributed with a plain hyphen, and submits; the editor leaves a note
with a mention; the writer answers; the editor publishes. A live report takes updates from
two editors' browsers at once while a reader's open page shows them without a reload. An
advertorial carries its label on the home page, its page and its share text. A takedown
leaves the 410 page and its entry on /koreksi/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from warta.news import actions
from warta.news.models import Article, Assignment, EditorialNote, LiveUpdate
from warta.test import make_article, make_person, make_section, make_staff

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TITLE = "Uji coba bus listrik rute Blok M"
QUOTE = "Baterainya tahan seharian, penumpang tidak perlu pindah bus."
SOURCE = "Agus Santoso, pengemudi bus"


@pytest.fixture
def staff(transactional_db, site_url) -> dict[str, AbstractUser]:
    make_section("Nasional", order=1)
    writer = make_staff("penulis", "penulis")
    make_person("Rina Kusuma", user=writer)
    make_person("Dimas Pratama")
    editor = make_staff("editor", "editor")
    make_person("Bambang Sutrisno", roles=["editor"], user=editor)
    second = make_staff("editor2", "editor")
    make_person("Dewi Lestari", roles=["editor"], user=second)
    return {"penulis": writer, "editor": editor, "editor2": second}


def sign_in(context: BrowserContext, username: str) -> Page:
    page = context.new_page()
    page.goto("/desk/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f"{username}-Sandi-Rahasia-1")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor")
    return page


def says(page: Page, message: str) -> None:
    expect(page.locator(".messages")).to_contain_text(message)


def test_an_assigned_story_from_plan_to_publication(
    staff, new_context: Callable[..., BrowserContext], browser_errors: list[str], artifacts: Path
):
    # The editor puts the story on today's plan, for the writer.
    editor = sign_in(new_context(**DESKTOP), "editor")
    editor.get_by_role("link", name="Rencana", exact=True).click()
    editor.get_by_role("link", name="Penugasan baru").click()
    editor.get_by_label("Judul kerja").fill(TITLE)
    editor.get_by_label("Arahan").fill("Naik bus pertama; wawancara pengemudi dan penumpang.")
    editor.get_by_label("Rubrik").select_option(label="Nasional")
    editor.get_by_label("penulis", exact=True).check()
    deadline = timezone.localtime() + timedelta(hours=3)
    editor.get_by_label("Tenggat: tanggal").fill(deadline.strftime("%Y-%m-%d"))
    editor.get_by_label("Tenggat: jam (WIB)").fill(deadline.strftime("%H:%M"))
    editor.get_by_role("button", name="Simpan").click()
    says(editor, "Penugasan masuk rencana liputan.")

    # The writer's bell counts it; the writer accepts and starts the draft from it.
    writer = sign_in(new_context(**PHONE), "penulis")
    expect(writer.locator(".bell .count")).to_have_text("1")
    writer.locator(".bell").click()
    writer.get_by_role("link", name=re.compile(TITLE)).click()
    expect(writer.get_by_role("heading", level=1)).to_have_text(TITLE)
    writer.get_by_role("button", name="Terima").click()
    says(writer, "Jawaban Anda disimpan.")
    writer.get_by_role("button", name="Mulai drafnya").click()
    expect(writer.get_by_role("textbox", name="Judul", exact=True)).to_have_value(TITLE)
    expect(writer.locator(".brief")).to_contain_text("Naik bus pertama")

    # ... writes it with a quote closed by "- name" and a co-byline from the people list.
    body = writer.locator(".prose-editor .ProseMirror[contenteditable=true]")
    body.click()
    writer.keyboard.type("Bus listrik mulai diuji di rute Blok M sejak pagi.")
    writer.keyboard.press("Enter")
    writer.keyboard.type("> ")
    writer.keyboard.type(QUOTE)
    writer.keyboard.press("Enter")
    writer.keyboard.type(f"- {SOURCE}")
    writer.get_by_label("Penulis kedua").select_option(label="Dimas Pratama (Penulis)")
    writer.get_by_role("button", name="Simpan", exact=True).click()
    says(writer, "Tersimpan.")
    article = Assignment.objects.get().article
    assert article is not None
    article.refresh_from_db()
    assert f"<figcaption>{SOURCE}</figcaption>" in article.body
    assert [w.name for w in article.ordered_writers()] == ["Rina Kusuma", "Dimas Pratama"]
    writer.get_by_role("link", name="Ajukan untuk disunting", exact=True).click()
    writer.get_by_role("button", name="Konfirmasi: Ajukan untuk disunting").click()
    says(writer, "Diajukan untuk disunting.")
    assert Assignment.objects.get().status == "dikirim"

    # The editor asks a question in a note, mentioning the writer; the writer answers.
    editor.goto(f"/desk/berita/{article.pk}/")
    editor.get_by_label("Catatan baru").fill("@penulis berapa tarif uji cobanya?")
    editor.get_by_role("button", name="Tambahkan catatan").click()
    says(editor, "Catatan disimpan.")
    writer.goto("/desk/notifikasi/")
    writer.get_by_role("link", name=re.compile("berapa tarif uji cobanya")).click()
    note = EditorialNote.objects.get()
    writer.locator(f"#catatan-{note.pk} textarea").fill("Gratis selama uji coba.")
    writer.locator(f"#catatan-{note.pk}").get_by_role("button", name="Balas").click()
    expect(writer.locator(f"#catatan-{note.pk} .replies")).to_contain_text(
        "Gratis selama uji coba."
    )

    # The editor reads the answer and publishes.
    editor.reload()
    expect(editor.locator(f"#catatan-{note.pk}")).to_contain_text("Gratis selama uji coba.")
    editor.get_by_role("link", name="Terbitkan sekarang", exact=True).click()
    editor.get_by_role("button", name="Konfirmasi: Terbitkan sekarang").click()
    says(editor, "Diterbitkan.")
    assert Assignment.objects.get().status == "selesai"

    reader = new_context(**PHONE).new_page()
    reader.goto(Article.objects.get(pk=article.pk).get_absolute_url())
    expect(reader.locator(".byline")).to_contain_text("Rina Kusuma dan Dimas Pratama")
    expect(reader.locator("figure.kutipan figcaption")).to_have_text(SOURCE)
    expect(reader.locator("body")).not_to_contain_text("berapa tarif uji cobanya")
    reader.screenshot(path=artifacts / "assigned-story-phone.png", full_page=True)
    assert browser_errors == []


def test_a_live_report_from_two_editors_reaches_an_open_page(
    staff, new_context: Callable[..., BrowserContext], browser_errors: list[str], artifacts: Path
):
    report = make_article(
        "Laporan langsung: sidang paripurna", writers=[make_person("Rina Kusuma")]
    )
    actions.start_live(report, by=staff["editor"])
    reader = new_context(**PHONE).new_page()
    reader.goto(report.get_absolute_url())
    expect(reader.locator(".live")).to_contain_text("Pembaruan pertama segera hadir.")

    desks = [sign_in(new_context(**DESKTOP), name) for name in ("editor", "editor2")]
    for desk in desks:
        desk.goto(f"/desk/berita/{report.pk}/langsung/")
    for round_ in range(3):
        for number, desk in enumerate(desks):
            desk.get_by_label("Pembaruan").fill(f"Pembaruan {round_}-{number} dari meja.")
            desk.get_by_role("button", name="Kirim pembaruan").click()
            says(desk, "Pembaruan terkirim.")
            expect(desk.get_by_label("Pembaruan")).to_have_value("")  # the form stays, empty
    assert LiveUpdate.objects.filter(article=report).count() == 6

    # No reload: the open page fetches the newer updates and puts them on top.
    updates = reader.locator(".live-updates .live-update")
    expect(updates).to_have_count(6, timeout=40_000)
    expect(updates.first).to_contain_text("Pembaruan 2-1 dari meja.")
    reader.screenshot(path=artifacts / "live-report-phone.png", full_page=True)
    assert browser_errors == []


def test_an_advertorial_is_labelled_on_home_page_and_share_text(
    staff, new_context: Callable[..., BrowserContext], browser_errors: list[str]
):
    article = make_article("Menabung emas untuk biaya sekolah anak")
    editor = sign_in(new_context(**DESKTOP), "editor")
    editor.goto(f"/desk/berita/{article.pk}/")
    editor.get_by_role("link", name="Jenis dan verifikasi").click()
    editor.get_by_label("Advertorial").check()
    editor.get_by_role("textbox", name="Sponsor").fill("PT Emas Contoh")
    editor.get_by_role("button", name="Simpan jenis").click()
    says(editor, "Jenis konten disimpan.")

    reader = new_context(**PHONE).new_page()
    reader.goto("/")
    card = reader.locator("article.card", has_text="Menabung emas untuk biaya sekolah anak")
    expect(card.first.locator(".label-paid")).to_have_text("Advertorial")
    card.first.get_by_role("link", name="Menabung emas untuk biaya sekolah anak").click()
    expect(reader.locator(".story-head .label-paid")).to_contain_text("PT Emas Contoh")
    share = reader.get_by_role("link", name="WhatsApp").get_attribute("href")
    assert share is not None
    assert "Advertorial: Menabung emas untuk biaya sekolah anak" in unquote(share)
    assert browser_errors == []


def test_a_takedown_leaves_the_410_page_and_the_corrections_entry(
    staff, new_context: Callable[..., BrowserContext], browser_errors: list[str]
):
    article = make_article("Berita yang harus dicabut")
    address = article.get_absolute_url()
    editor = sign_in(new_context(**DESKTOP), "editor")
    editor.goto(f"/desk/berita/{article.pk}/")
    editor.get_by_role("link", name="Cabut berita", exact=True).click()
    editor.get_by_label("Alasan (Pedoman Pemberitaan Media Siber, butir 5)").select_option(
        value="anak"
    )
    editor.get_by_label("Teks untuk pembaca").fill("Berita memuat identitas anak.")
    editor.get_by_role("button", name="Konfirmasi: Cabut berita").click()
    says(editor, "Berita dicabut.")

    reader = new_context(**PHONE).new_page()
    response = reader.goto(address)
    assert response is not None and response.status == 410
    expect(reader.get_by_role("heading", level=1)).to_have_text("Berita yang harus dicabut")
    expect(reader.locator("main")).to_contain_text("Berita memuat identitas anak.")
    reader.goto("/koreksi/")
    expect(reader.locator("main")).to_contain_text("Berita yang harus dicabut")
    expect(reader.locator("main")).to_contain_text("Berita memuat identitas anak.")
    assert urlsplit(reader.url).path == "/koreksi/"
    assert [error for error in browser_errors if "410" not in error] == []
