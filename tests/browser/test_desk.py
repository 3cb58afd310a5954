"""The newsroom desk in a real browser, driven the way people use it: clicks and typing only.

A writer uploads a photo and writes a story, an editor sends it back and later schedules it,
the worker publishes it, readers find it, and a Ralat follows. Then two editors collide on
one article and merge their texts on the conflict page.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from warta.media.models import Image
from warta.news.models import Article, Correction, Person, Revision, Section
from warta.test import make_article, make_person, make_section, make_staff, photo_bytes

pytestmark = pytest.mark.browser

JAKARTA = ZoneInfo("Asia/Jakarta")
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

CAPTION = "Pedagang menata sayur di Pasar Beringharjo, Yogyakarta"
CREDIT = "Warta/Rina Kusuma"
ALT = "Seorang pedagang menata tumpukan cabai dan tomat di lapak pasar"
HEADLINE = "Harga cabai di Yogyakarta turun menjelang musim panen"
OPENING = "Harga cabai rawit di pasar-pasar Yogyakarta turun hampir sepertiga dalam sepekan."
SUBHEAD = "Pasokan dari Kulon Progo"
SECOND = "Pedagang menyebut pasokan dari Kulon Progo kembali lancar setelah hujan reda."
RETURN_NOTE = "Tambahkan tanggapan dari dinas perdagangan, lalu ajukan lagi."
REVISION = "Dinas Perindustrian dan Perdagangan DIY memperkirakan harga stabil hingga akhir bulan."
RALAT = "Sebelumnya tertulis harga turun setengah; yang benar hampir sepertiga."


@dataclass
class Newsroom:
    section: Section
    writer: AbstractUser
    editor: AbstractUser
    second_editor: AbstractUser


@pytest.fixture
def newsroom(transactional_db, site_url) -> Newsroom:
    nasional = make_section("Nasional", order=1)
    make_section("Ekonomi", order=2)
    writer = make_staff("penulis", "penulis")
    make_person("Rina Kusuma", user=writer)
    editor = make_staff("editor", "editor")
    make_person("Bambang Sutrisno", roles=["editor"], user=editor)
    second_editor = make_staff("editor2", "editor")
    make_person("Dewi Lestari", roles=["editor"], user=second_editor)
    return Newsroom(nasional, writer, editor, second_editor)


def unexplained(errors: list[str], *expected: re.Pattern[str]) -> list[str]:
    return [error for error in errors if not any(pattern.match(error) for pattern in expected)]


def sign_in(context: BrowserContext, username: str) -> Page:
    page = context.new_page()
    page.goto("/desk/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(f"{username}-Sandi-Rahasia-1")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor")
    return page


def says(page: Page, message: str) -> None:
    """The desk's message after an action (the autosave status is a live region too)."""
    expect(page.get_by_role("status").filter(has=page.locator(".messages"))).to_contain_text(
        message
    )


def body_editor(page: Page) -> Locator:
    """The rich-text body: ProseMirror's editable element (the menu holds another .ProseMirror)."""
    return page.locator(".prose-editor .ProseMirror[contenteditable=true]")


def type_at_end(page: Page, text: str) -> None:
    """A new paragraph at the end of the body, typed."""
    body = body_editor(page)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(text)


def dashboard_list(page: Page, title: str) -> Locator:
    """One list of the dashboard, named by its heading (which ends with its count)."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(title)}\b"))


def open_step(page: Page, step: str) -> None:
    """Follow a workflow link of the editor page to its confirmation page."""
    page.get_by_role("link", name=step, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(step)


def loaded(page: Page, image: Locator) -> None:
    """Wait until the image has arrived and decoded (a function: the CSP forbids eval)."""
    page.wait_for_function(
        "(image) => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )


def snapshot(page: Page, path: Path) -> None:
    """The whole page at 1280 px, in a window as tall as the page: the sticky save bar then
    sits at the real bottom instead of across the form, as a full-page capture would put it."""
    page.wait_for_load_state("networkidle")
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": height})
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


def run_worker() -> None:
    """One round of `warta worker`; it installs signal handlers, which pytest wants back."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("worker", once=True)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def schedule_time() -> datetime:
    """The next whole minute in WIB, or the one after if the next is under 20 seconds away."""
    now = datetime.now(JAKARTA)
    due = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if due - now < timedelta(seconds=20):
        due += timedelta(minutes=1)
    return due


def upload_photo(page: Page, tmp_path: Path) -> Image:
    file = tmp_path / "pasar-beringharjo.jpg"
    file.write_bytes(photo_bytes((1600, 1000), colour="#7a9a3a"))
    page.get_by_role("link", name="Foto", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pustaka foto")
    page.get_by_role("link", name="Unggah foto").click()
    page.get_by_label("Berkas foto").set_input_files(file)
    page.get_by_label("Keterangan foto").fill(CAPTION)
    page.get_by_label("Kredit/sumber").fill(CREDIT)
    page.get_by_label("Teks alternatif").fill(ALT)
    page.get_by_role("button", name="Unggah foto").click()
    says(page, "Foto tersimpan.")
    expect(page).to_have_url(re.compile(r"/desk/foto/\d+/$"))
    image = Image.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))

    # The subject sits left of centre and high: click there on the photo.
    photo = page.locator("[data-focal-picker] img")
    expect(photo).to_be_visible()
    loaded(page, photo)
    box = photo.bounding_box()
    assert box is not None
    photo.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.25})
    expect(page.locator("[data-focal-readout]")).to_have_text("Titik fokus: 30%, 25%")
    page.get_by_role("button", name="Simpan foto").click()
    says(page, "Tersimpan.")
    image.refresh_from_db()
    assert (round(image.focal_x, 2), round(image.focal_y, 2)) == (0.3, 0.25)
    assert (image.caption, image.credit, image.alt_text) == (CAPTION, CREDIT, ALT)
    return image


def write_article(page: Page) -> Article:
    page.get_by_role("link", name="Tulis", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berita baru")
    page.get_by_role("textbox", name="Judul", exact=True).fill(HEADLINE)
    page.get_by_role("combobox", name="Rubrik", exact=True).select_option(label="Nasional")
    body = body_editor(page)
    body.click()
    page.keyboard.type(OPENING)
    page.keyboard.press("Enter")
    # The editor's menu speaks Indonesian, and only the desk's photo picker adds photos.
    expect(page.get_by_role("button", name="Tebal", exact=True)).to_be_visible()
    expect(page.locator(".prose-menubar [data-name=figure]")).to_be_hidden()
    # A subheading through the editor's menu: the block-type dropdown, then "Subjudul".
    page.locator(".prose-menubar__selected").click()
    page.get_by_role("button", name="Subjudul", exact=True).click()
    page.keyboard.type(SUBHEAD)
    page.keyboard.press("Enter")
    page.keyboard.type(SECOND)
    expect(body.locator("h2")).to_have_text(SUBHEAD)
    # The same photo inside the story too, from the library picker.
    page.get_by_role("button", name="Sisipkan foto").click()
    picker = page.get_by_role("dialog", name="Pilih")
    picker.get_by_role("searchbox").fill("Beringharjo")
    picker.get_by_role("button", name=f"{CAPTION} ({CREDIT})").click()
    expect(picker).to_be_hidden()
    expect(body.locator("figure img")).to_have_attribute("alt", ALT)
    page.get_by_label("Foto utama").select_option(label=f"{CAPTION} ({CREDIT})")
    page.get_by_role("button", name="Simpan", exact=True).click()
    says(page, "Draf tersimpan.")
    expect(page).to_have_url(re.compile(r"/desk/berita/\d+/$"))
    return Article.objects.get(pk=int(urlsplit(page.url).path.strip("/").split("/")[-1]))


def test_a_story_from_the_desk_to_the_reader(
    newsroom: Newsroom,
    new_context: Callable[..., BrowserContext],
    browser_errors: list[str],
    artifacts: Path,
    tmp_path: Path,
):
    # The writer signs in, uploads a photo and sets its focal point.
    writer = sign_in(new_context(**DESKTOP), "penulis")
    image = upload_photo(writer, tmp_path)
    expect(writer.get_by_text("Sedang diproses")).to_be_visible()
    run_worker()
    image.refresh_from_db()
    assert image.renditions, "the worker made no renditions"
    writer.reload()
    expect(writer.get_by_text("potongan siap")).to_be_visible()

    # ... writes the story with that photo as its hero, and submits it.
    article = write_article(writer)
    assert article.status == Article.Status.DRAFT
    assert f"<h2>{SUBHEAD}</h2>" in article.body
    assert OPENING in article.body and SECOND in article.body
    assert article.hero_image_id == image.pk
    assert f"/renditions/{image.pk}/" in article.body, "the inline photo was not kept"
    assert [w.person.name for w in article.article_writers.all()] == ["Rina Kusuma"]
    snapshot(writer, artifacts / "desk-editor.png")
    open_step(writer, "Ajukan untuk disunting")
    writer.get_by_role("button", name="Konfirmasi: Ajukan untuk disunting").click()
    says(writer, "Diajukan untuk disunting.")

    # The editor finds it waiting for review and returns it with a note.
    editor = sign_in(new_context(**DESKTOP), "editor")
    dashboard_list(editor, "Menunggu disunting").get_by_role("link", name=HEADLINE).click()
    expect(editor.get_by_role("textbox", name="Judul", exact=True)).to_have_value(HEADLINE)
    open_step(editor, "Kembalikan ke penulis")
    editor.get_by_role("textbox", name="Catatan", exact=True).fill(RETURN_NOTE)
    editor.get_by_role("button", name="Konfirmasi: Kembalikan ke penulis").click()
    says(editor, "Dikembalikan ke penulis.")

    # The writer sees the note on the dashboard, revises, saves and submits again.
    writer.get_by_role("link", name="Dasbor", exact=True).click()
    returned = dashboard_list(writer, "Dikembalikan kepada saya")
    expect(returned).to_contain_text(f"Catatan editor: {RETURN_NOTE}")
    snapshot(writer, artifacts / "desk-dashboard.png")
    returned.get_by_role("link", name=HEADLINE).click()
    expect(writer.get_by_role("note")).to_contain_text(RETURN_NOTE)
    type_at_end(writer, REVISION)
    writer.get_by_role("button", name="Simpan", exact=True).click()
    says(writer, "Tersimpan.")
    expect(body_editor(writer)).to_contain_text(REVISION)
    open_step(writer, "Ajukan untuk disunting")
    writer.get_by_role("button", name="Konfirmasi: Ajukan untuk disunting").click()
    says(writer, "Diajukan untuk disunting.")

    # The editor schedules it for the next minute, in WIB.
    editor.get_by_role("link", name="Dasbor", exact=True).click()
    dashboard_list(editor, "Menunggu disunting").get_by_role("link", name=HEADLINE).click()
    due = schedule_time()
    open_step(editor, "Jadwalkan")
    editor.get_by_label("Tanggal").fill(due.strftime("%Y-%m-%d"))
    editor.get_by_label("Jam (WIB)").fill(due.strftime("%H:%M"))
    editor.get_by_role("button", name="Konfirmasi: Jadwalkan").click()
    says(editor, "Dijadwalkan.")
    expect(editor.locator(".page-head .status")).to_contain_text(f"{due:%H:%M} WIB")
    editor.get_by_role("link", name="Dasbor", exact=True).click()
    expect(dashboard_list(editor, "Terjadwal")).to_contain_text(f"{due:%H:%M} WIB")
    snapshot(editor, artifacts / "desk-dashboard-editor.png")
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert article.published_at == due

    run_worker()  # not yet due: nothing happens
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED

    # Past the scheduled minute without waiting for it. Reader pages list what was published
    # by *now*, so the live server (a thread of this process) must be past it too: the clock
    # stays travelled, and ticking, for the rest of the test. The browser keeps its own clock.
    with time_machine.travel(due + timedelta(seconds=5), tick=True):
        run_worker()
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert article.published_at == due
        assert REVISION in article.body

        # A reader finds it on the home page and its section page, and opens it.
        reader = new_context(**DESKTOP).new_page()
        reader.goto("/")
        expect(reader.get_by_role("link", name=HEADLINE).first).to_be_visible()
        sections = reader.get_by_role("navigation", name="Rubrik")
        sections.get_by_role("link", name="Nasional", exact=True).click()
        expect(reader).to_have_url(re.compile(rf"/{newsroom.section.slug}/?$"))
        reader.get_by_role("link", name=HEADLINE).first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
        figure = reader.get_by_role("figure").first
        expect(figure).to_contain_text(CAPTION)
        expect(figure).to_contain_text(f"(sumber: {CREDIT})")
        expect(figure.get_by_role("img")).to_have_attribute("alt", ALT)
        loaded(reader, figure.get_by_role("img"))
        expect(reader.get_by_role("heading", name=SUBHEAD)).to_be_visible()
        expect(reader.get_by_text(REVISION)).to_be_visible()

        # The editor publishes a Ralat through the workflow page.
        editor.get_by_role("link", name="Dasbor", exact=True).click()
        dashboard_list(editor, "Terbit hari ini").get_by_role("link", name=HEADLINE).click()
        open_step(editor, "Tambahkan koreksi")
        editor.get_by_label("Jenis").select_option(label="Ralat")
        editor.get_by_label("Teks untuk pembaca").fill(RALAT)
        editor.get_by_role("button", name="Konfirmasi: Tambahkan koreksi").click()
        says(editor, "Koreksi dimuat.")
        correction = Correction.objects.get(article=article)
        assert (correction.kind, correction.text) == (Correction.Kind.RALAT, RALAT)

        # The reader reloads the story and sees it, then finds it on /koreksi/.
        reader.reload()
        corrections = reader.get_by_role("region", name="Koreksi")
        expect(corrections).to_contain_text("Ralat")
        expect(corrections).to_contain_text(RALAT)
        reader.goto("/koreksi/")
        listed = reader.get_by_role("listitem").filter(has_text=RALAT)
        expect(listed).to_contain_text("Ralat")
        listed.get_by_role("link", name=HEADLINE).click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)

    assert unexplained(browser_errors) == []


def test_two_editors_saving_one_article_meet_on_the_conflict_page(
    newsroom: Newsroom,
    new_context: Callable[..., BrowserContext],
    browser_errors: list[str],
    artifacts: Path,
    site_url: str,
):
    story = make_article(
        "Banjir rob genangi pesisir utara Jakarta",
        section=newsroom.section,
        body="<p>Air laut menggenangi permukiman di Muara Angke sejak Selasa pagi.</p>",
    )
    first_text = "Warga mengungsi ke masjid terdekat menjelang sore."
    second_text = "BPBD DKI mengerahkan pompa tambahan ke lokasi."

    first = sign_in(new_context(**DESKTOP), "editor")
    second = sign_in(new_context(**DESKTOP), "editor2")
    for page in (first, second):
        page.goto(f"/desk/berita/{story.pk}/")
        expect(body_editor(page)).to_contain_text("Muara Angke")
    expect(second.get_by_text("Sedang disunting oleh editor")).to_be_visible()

    type_at_end(first, first_text)
    type_at_end(second, second_text)
    first.get_by_role("button", name="Simpan", exact=True).click()
    says(first, "Tersimpan.")

    with second.expect_response(
        lambda response: (
            response.request.method == "POST"
            and urlsplit(response.url).path == f"/desk/berita/{story.pk}/"
        )
    ) as answered:
        second.get_by_role("button", name="Simpan", exact=True).click()
    assert answered.value.status == 409
    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Orang lain menyimpan berita ini saat Anda menyunting"
    )
    theirs = second.locator(".side-by-side section").filter(has_text="Versi mereka")
    mine = second.locator(".side-by-side section").filter(has_text="Versi Anda")
    expect(theirs).to_contain_text(first_text)
    expect(theirs).not_to_contain_text(second_text)
    expect(mine).to_contain_text(second_text)
    expect(mine).not_to_contain_text(first_text)
    snapshot(second, artifacts / "desk-conflict.png")

    # The form holds the second editor's text; they add the first editor's and save.
    expect(body_editor(second)).to_contain_text(second_text)
    type_at_end(second, first_text)
    second.get_by_role("button", name="Simpan versi gabungan").click()
    says(second, "Tersimpan.")
    merged = Article.objects.get(pk=story.pk).body
    assert first_text in merged and second_text in merged

    # Both texts stay in the history: the first editor's save, the kept conflict, the merge.
    second.get_by_role("link", name="Semua revisi").click()
    rows = second.locator("table.history tbody tr")
    expect(rows.filter(has_text="Disimpan dari bentrokan").first).to_be_visible()
    saved = Revision.objects.filter(
        article=story, kind=Revision.Kind.MANUAL, number__gt=1
    ).order_by("number")  # revision 1 is the draft as the test factory made it
    assert [r.author.get_username() for r in saved] == ["editor", "editor2"]
    assert first_text in saved[0].data["body"] and second_text not in saved[0].data["body"]
    kept = (
        Revision.objects.filter(article=story, kind=Revision.Kind.CONFLICT)
        .order_by("number")
        .last()
    )
    assert second_text in kept.data["body"] and first_text not in kept.data["body"]

    # Comparing the first editor's save with the merge: their words kept, the second's added.
    by_first = rows.filter(has=second.get_by_role("cell", name="editor", exact=True))
    by_first.filter(has_text="Disimpan").get_by_role("radio", name="dari").check()
    rows.first.get_by_role("radio", name="ke").check()
    second.get_by_role("button", name="Bandingkan revisi yang dipilih").click()
    changes = second.locator("table.changes")
    expect(changes).to_contain_text(first_text)
    expect(changes.locator("ins")).to_contain_text([re.compile(re.escape(second_text[:20]))])

    # Chrome logs every page that answers 4xx; this one answers 409 by design.
    conflict_status = re.compile(
        rf"^console error at \{{'url': '{re.escape(site_url)}/desk/berita/{story.pk}/'.*"
        r"Failed to load resource: the server responded with a status of 409 \(Conflict\)$"
    )
    assert unexplained(browser_errors, conflict_status) == []


def test_a_long_headline_is_read_whole_on_a_phone(newsroom, new_context, browser_errors):
    """On a phone the headline box grows with the headline instead of hiding its end, Enter
    does not break it, and the length guide follows the typing."""
    headline = (
        "Pemerintah provinsi umumkan perpanjangan masa tanggap darurat banjir di tiga "
        "kabupaten hingga akhir bulan"
    )
    writer = Person.objects.get(user=newsroom.writer)
    story = make_article(headline, section=newsroom.section, writers=[writer], status="draft")
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = sign_in(context, "penulis")
    page.goto(f"/desk/berita/{story.pk}/")
    box = page.get_by_role("textbox", name="Judul", exact=True)
    expect(box).to_have_value(headline)
    # The browser sizes the box to its text (field-sizing), or desk.js does where it cannot.
    try:
        page.wait_for_function(
            "(box) => box.scrollHeight <= box.clientHeight + 1"
            " && box.scrollWidth <= box.clientWidth + 1",
            arg=box.element_handle(),
            timeout=10_000,
        )
    except PlaywrightTimeoutError:
        sizes = box.evaluate(
            "(box) => [box.scrollHeight, box.clientHeight, box.scrollWidth, box.clientWidth]"
        )
        pytest.fail(f"part of the headline is out of sight (scroll and client sizes {sizes})")
    box.press("Control+End")
    box.press("Enter")
    box.type(" lagi")
    expect(box).to_have_value(headline + " lagi")
    expect(page.locator(".headline-field .counter")).to_contain_text(
        f"{len(headline) + 5} karakter"
    )
    assert browser_errors == []


def test_an_edit_in_the_editor_keeps_every_mark_the_body_may_hold(
    newsroom: Newsroom, new_context: Callable[..., BrowserContext], browser_errors: list[str]
):
    """A body from an import or the API may hold any mark the site shows (m², H₂O, struck and
    underlined words): an editor who opens it, adds a sentence and saves keeps them all."""
    marks = (
        "<p>Luas lahan 500 m<sup>2</sup>, kadar H<sub>2</sub>O turun, harga "
        "<s>Rp10.000</s> Rp8.000, <u>wajib</u> dibaca.</p>"
    )
    story = make_article("Lahan pertanian baru dibuka", section=newsroom.section, body=marks)
    page = sign_in(new_context(**DESKTOP), "editor")
    page.goto(f"/desk/berita/{story.pk}/")
    expect(body_editor(page)).to_contain_text("Luas lahan 500")
    type_at_end(page, "Panen pertama diperkirakan tahun depan.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    says(page, "Tersimpan.")
    story.refresh_from_db()
    for part in ("m<sup>2</sup>", "H<sub>2</sub>O", "<s>Rp10.000</s>", "<u>wajib</u>"):
        assert part in story.body, (part, story.body)
    assert "Panen pertama diperkirakan tahun depan." in story.body
    assert browser_errors == []
