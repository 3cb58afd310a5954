"""The photo desk: uploads good and bad, EXIF location, focal points, renditions, search, usage."""

import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, features
from PIL import Image as PILImage

from warta.media.models import Image
from warta.media.uploads import set_focal_point
from warta.test import make_article, make_image, make_person, make_staff, photo_bytes

pytestmark = pytest.mark.django_db

ROLES = ["penulis", "editor", "admin"]
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
needs_avif = pytest.mark.skipif(not features.check("avif"), reason="Pillow has no AVIF support")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A media folder per test, so "nothing stored" can be checked on disk."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.WARTA_MEDIA_MAX_UPLOAD_MB = 20
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def worker_in_the_test_transaction(monkeypatch):
    """The worker closes stale connections each round, which would end the test's transaction."""
    monkeypatch.setattr("warta.news.management.commands.worker.close_old_connections", lambda: None)
    # The task worker inside it does the same (and on PostgreSQL closes the test's connection).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def writer(client):
    user = make_staff("penulis", "penulis")
    client.force_login(user)
    return user


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def upload(client, data: bytes, name: str, **fields):
    payload = {
        "file": SimpleUploadedFile(name, data),
        "caption": "Warga menonton latihan militer di Pyongyang",
        "credit": "KCNA",
        "alt_text": "Kerumunan warga di tepi lapangan",
        **fields,
    }
    return client.post(reverse("desk:photo_upload"), payload)


def animated(fmt: str, frames: int = 3) -> bytes:
    pictures = [PILImage.new("RGB", (64, 48), colour) for colour in ("red", "green", "blue")]
    buffer = BytesIO()
    pictures[0].save(buffer, fmt, save_all=True, append_images=pictures[1:frames], duration=100)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A small file whose header claims width × height greyscale pixels, all of them black."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(squeeze.compress(row) for _ in range(min(height, 100))) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def gps_exif() -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Kamera Uji"
    exif[ExifTags.Base.Copyright] = "Warta"
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: turn 90° clockwise to show
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 10.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 49.0, 12.0)
    return exif


# --- Good files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", pytest.param("AVIF", marks=needs_avif)])
def test_it_accepts_a_photo_of_each_format(client, writer, media, fmt):
    response = upload(client, photo_bytes((800, 450), fmt), f"Latihan.{FORMATS[fmt].upper()}")
    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:photo_edit", args=[image.pk])
    assert image.file.name.endswith(f".{FORMATS[fmt]}")
    assert (image.width, image.height) == (800, 450)
    assert image.caption == "Warga menonton latihan militer di Pyongyang"
    assert image.renditions == {}, "renditions are the worker's job, not the request's"
    with default_storage.open(image.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.format == fmt
    assert [path.suffix for path in stored_files(media)] == [f".{FORMATS[fmt]}"]


def test_it_accepts_a_large_upload_that_django_streamed_to_disk(client, writer, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    assert upload(client, photo_bytes((1200, 800), "PNG"), "besar.png").status_code == 302
    assert Image.objects.get().file.name.endswith(".png")


def test_it_takes_the_first_picture_of_a_multi_picture_jpeg(client, writer):
    """Some phones save stereo or depth photos as MPO: a JPEG with more pictures after it."""
    first, second = PILImage.new("RGB", (640, 360), "red"), PILImage.new("RGB", (640, 360), "blue")
    buffer = BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert upload(client, buffer.getvalue(), "IMG_0002.JPG").status_code == 302
    with (
        default_storage.open(Image.objects.get().file.name) as handle,
        PILImage.open(handle) as stored,
    ):
        assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)
        assert stored.getpixel((10, 10))[0] > 200


def test_it_keeps_the_optional_fields(client, writer):
    person = make_person("Dita Anggraini", roles=["fotografer"])
    upload(
        client,
        photo_bytes((640, 480)),
        "dita.jpeg",
        photographer=person.pk,
        usage_note="Hanya untuk berita ini",
        caption="<b>Banjir</b> di Kemang",
    )
    image = Image.objects.get()
    assert image.photographer == person
    assert image.usage_note == "Hanya untuk berita ini"
    assert image.caption == "Banjir di Kemang"


def test_any_newsroom_role_may_upload(client):
    for number, role in enumerate(ROLES):
        client.force_login(make_staff(f"{role}-{number}", role))
        assert upload(client, photo_bytes((320, 240)), "foto.jpg").status_code == 302
    assert Image.objects.count() == len(ROLES)


# --- Bad files ----------------------------------------------------------------------------------

BAD_FILES = {
    "not an image": (
        b"Bukan foto, hanya teks.\n" * 20,
        "foto.jpg",
        "bukan foto dalam format yang diterima",
    ),
    "empty": (b"", "foto.jpg", "kosong"),
    "GIF": (animated("GIF", 1), "foto.gif", "Berkas GIF tidak diterima"),
    "HEIC": (
        b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,
        "IMG_0001.HEIC",
        "Berkas HEIC tidak diterima",
    ),
    "truncated JPEG": (photo_bytes(fmt="JPEG")[:6000], "foto.jpg", "tidak utuh atau rusak"),
    "truncated PNG": (photo_bytes(fmt="PNG")[:3000], "foto.png", "tidak utuh atau rusak"),
    "truncated WebP": (photo_bytes(fmt="WEBP")[:2000], "foto.webp", "tidak utuh atau rusak"),
    "PNG named .jpg": (
        photo_bytes(fmt="PNG"),
        "foto.jpg",
        "berakhiran “.jpg”, padahal isinya gambar PNG",
    ),
    "JPEG named .webp": (
        photo_bytes(fmt="JPEG"),
        "foto.webp",
        "berakhiran “.webp”, padahal isinya gambar JPEG",
    ),
    "no extension": (photo_bytes(fmt="JPEG"), "foto", "tidak berekstensi"),
    "SVG": (SVG, "logo.svg", "Berkas SVG tidak diterima"),
    "SVG named .png": (SVG, "logo.png", "Berkas SVG tidak diterima"),
    # PNG, WebP and AVIF cannot decode reduced, so their limit is the decoding budget.
    "PNG over 24 megapixels": (
        huge_png(6000, 4100),
        "besar.png",
        "6000 × 4100 piksel (24,6 megapiksel); batasnya 24 megapiksel",
    ),
    "decompression bomb": (huge_png(30000, 30000), "bom.png", "bom dekompresi"),
    "animated WebP": (animated("WEBP"), "gerak.webp", "animasi dengan 3 bingkai"),
    "animated PNG": (animated("PNG"), "gerak.png", "animasi dengan 3 bingkai"),
}
if features.check("avif"):
    BAD_FILES["truncated AVIF"] = (
        photo_bytes(fmt="AVIF")[:1000],
        "foto.avif",
        "tidak utuh atau rusak",
    )
    BAD_FILES["animated AVIF"] = (animated("AVIF"), "gerak.avif", "animasi dengan 3 bingkai")


@pytest.mark.parametrize("kind", BAD_FILES)
def test_it_refuses_a_bad_file_with_the_reason_and_stores_nothing(client, writer, media, kind):
    data, name, reason = BAD_FILES[kind]
    response = upload(client, data, name)
    assert response.status_code == 400
    text = response.content.decode()
    assert reason in text
    assert "Belum ada yang tersimpan" in text
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_it_refuses_a_file_over_the_size_limit(client, writer, media, settings):
    settings.WARTA_MEDIA_MAX_UPLOAD_MB = 1
    data = photo_bytes((800, 450)) + b"\x00" * (1024 * 1024)
    response = upload(client, data, "besar.jpg")
    assert response.status_code == 400
    assert "foto paling besar 1 MB" in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_a_missing_text_field_stores_nothing_and_says_where(client, writer, media):
    response = upload(client, photo_bytes(), "foto.jpg", caption="", alt_text="<i></i>")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"caption", "alt_text"}
    assert "kata-kata" in form.errors["alt_text"][0]
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_the_file_reason_shows_beside_the_other_fields_errors(client, writer, media):
    response = upload(client, SVG, "logo.svg", credit="")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"file", "credit"}
    assert "Berkas SVG tidak diterima" in response.content.decode()
    assert stored_files(media) == []


def test_no_file_is_refused_in_indonesian(client, writer):
    response = client.post(
        reverse("desk:photo_upload"), {"caption": "a", "credit": "b", "alt_text": "c"}
    )
    assert response.status_code == 400
    assert "Pilih foto yang akan diunggah." in response.content.decode()


# --- EXIF location ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", pytest.param("AVIF", marks=needs_avif)])
def test_it_removes_the_exif_location_and_keeps_the_photo_upright(client, writer, fmt):
    buffer = BytesIO()
    PILImage.open(BytesIO(photo_bytes((800, 450)))).save(buffer, fmt, exif=gps_exif())
    with PILImage.open(BytesIO(buffer.getvalue())) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test file must carry GPS"
    upload(client, buffer.getvalue(), f"lokasi.{FORMATS[fmt]}")
    image = Image.objects.get()
    with default_storage.open(image.file.name) as handle:
        data = handle.read()
    with PILImage.open(BytesIO(data)) as stored:
        exif = stored.getexif()
        assert ExifTags.IFD.GPSInfo not in exif
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert exif.get(ExifTags.Base.Orientation, 1) == 1
        assert exif.get(ExifTags.Base.Copyright) == "Warta"
        assert stored.size == (450, 800), "the orientation is applied to the pixels"
    assert (image.width, image.height) == (450, 800)


# --- Focal point and renditions -----------------------------------------------------------------


def test_a_new_focal_point_bumps_the_version_and_keeps_serving_the_old_crops(client, writer):
    image = make_image()
    assert image.renditions and image.version == 1
    response = client.post(
        reverse("desk:photo_edit", args=[image.pk]),
        {
            "caption": "Keterangan baru",
            "credit": "Antara",
            "alt_text": "Tentara berbaris",
            "focal_x": "0.2",
            "focal_y": "0.35",
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.35)
    assert image.version == 2
    assert image.rendition_version == 1 and image.renditions, "pages keep a photo meanwhile"
    assert "/v1/" in image.rendition_set("16x9").url(480)
    assert (image.caption, image.credit) == ("Keterangan baru", "Antara")


def test_saving_texts_with_the_same_focal_point_keeps_the_renditions(client, writer):
    image = make_image(focal=(0.3, 0.6))
    renditions = image.renditions
    client.post(
        reverse("desk:photo_edit", args=[image.pk]),
        {
            "caption": "Baru",
            "credit": "KCNA",
            "alt_text": "Alt",
            "focal_x": "0.3",
            "focal_y": "0.6",
        },
    )
    image.refresh_from_db()
    assert (image.version, image.renditions, image.caption) == (1, renditions, "Baru")


def test_a_focal_point_outside_the_photo_is_refused(client, writer):
    image = make_image()
    response = client.post(
        reverse("desk:photo_edit", args=[image.pk]),
        {
            "caption": "Baru",
            "credit": "KCNA",
            "alt_text": "Alt",
            "focal_x": "1.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 400
    assert "focal_x" in response.context["form"].errors
    image.refresh_from_db()
    assert (image.version, image.caption) == (1, "Tentara berlatih di lapangan")
    with pytest.raises(ValueError):
        set_focal_point(image, -0.1, 0.5, by=writer)


def test_the_worker_makes_the_renditions_of_each_version(client, writer):
    upload(client, photo_bytes((1600, 900)), "foto.jpg")
    image = Image.objects.get()
    call_command("worker", once=True)
    image.refresh_from_db()
    assert set(image.renditions) == {"16x9", "4x3", "1x1", "4x5", "og"}
    assert default_storage.exists(f"renditions/{image.pk}/v1/og-1200.jpg")

    set_focal_point(image, 0.9, 0.1, by=writer)
    assert image.rendition_version == 1
    call_command("worker", once=True)
    image.refresh_from_db()
    assert image.version == image.rendition_version == 2 and image.renditions
    assert "/v2/" in image.rendition_set("1x1").url(320)
    assert default_storage.exists(f"renditions/{image.pk}/v2/1x1-320.webp")
    with default_storage.open(f"renditions/{image.pk}/v2/1x1-320.jpg") as handle:
        assert PILImage.open(handle).size == (320, 320)


def test_the_edit_page_previews_the_crops_from_the_original(client, writer):
    image = make_image(focal=(0.25, 0.75))
    response = client.get(reverse("desk:photo_edit", args=[image.pk]))
    text = response.content.decode()
    original = reverse("desk:photo_original", args=[image.pk])
    assert f'src="{original}"' in text
    for crop in ("crop-16x9", "crop-1x1", "crop-4x5", "crop-og"):
        assert crop in text
    assert 'data-width="1600" data-height="900"' in text
    assert "desk/photos.js" in text and "desk/photos.css" in text
    assert "<script>" not in text and " style=" not in text, (
        "the CSP forbids inline scripts and styles"
    )
    assert response.context["form"]["focal_x"].value() == 0.25


# --- The library, search and lookup -------------------------------------------------------------


def test_the_library_shows_a_placeholder_until_the_renditions_are_made(client, writer):
    upload(client, photo_bytes((800, 450)), "foto.jpg")
    image = Image.objects.get()
    response = client.get(reverse("desk:photos"))
    assert "Sedang diproses" in response.content.decode()
    call_command("worker", once=True)
    response = client.get(reverse("desk:photos"))
    text = response.content.decode()
    assert "Sedang diproses" not in text
    assert f"/media/renditions/{image.pk}/v1/1x1-320.webp" in text


def test_the_library_searches_caption_credit_and_photographer(client, writer):
    dita = make_person("Dita Anggraini", roles=["fotografer"])
    flood = make_image(caption="Banjir di Kemang", credit="Antara")
    parade = make_image(caption="Parade militer", credit="KCNA")
    market = make_image(caption="Pasar pagi", credit="Dok. Warga", photographer=dita)

    def found(q):
        response = client.get(reverse("desk:photos"), {"q": q})
        return {image.pk for image, _ in response.context["rows"]}

    assert found("banjir") == {flood.pk}
    assert found("kcna") == {parade.pk}
    assert found("anggraini") == {market.pk}
    assert found("pasar dita") == {market.pk}
    assert found("") == {flood.pk, parade.pk, market.pk}
    assert found("tidak-ada") == set()


def test_the_library_is_paginated(client, writer):
    for number in range(26):
        Image.objects.create(
            caption=f"Foto {number}", credit="KCNA", alt_text="alt", file="x.jpg", width=8, height=6
        )
    first = client.get(reverse("desk:photos"))
    second = client.get(reverse("desk:photos"), {"page": 2})
    assert len(first.context["rows"]) == 24 and len(second.context["rows"]) == 2
    assert "26 foto" in first.content.decode()


def test_the_lookup_answers_json_for_photos_with_renditions_only(client, writer):
    ready = make_image(caption="Banjir di Kemang", credit="Antara", alt_text="Air setinggi lutut")
    Image.objects.create(
        caption="Banjir di Bekasi", credit="Antara", alt_text="alt", file="y.jpg", width=8, height=6
    )
    response = client.get(reverse("desk:photo_lookup"), {"q": "banjir"})
    assert response["Content-Type"] == "application/json"
    [row] = response.json()["results"]
    assert row["id"] == ready.pk
    assert (row["caption"], row["credit"], row["alt"]) == (
        "Banjir di Kemang",
        "Antara",
        "Air setinggi lutut",
    )
    assert row["url"].endswith(f"/renditions/{ready.pk}/v1/16x9-1200.jpg")
    assert row["thumbnail"].endswith(f"/renditions/{ready.pk}/v1/1x1-320.webp")
    assert client.get(reverse("desk:photo_lookup"), {"q": "bekasi"}).json() == {"results": []}


# --- Used in ------------------------------------------------------------------------------------


def test_the_edit_page_lists_the_articles_using_the_photo(client, writer):
    client.force_login(make_staff("redaktur", "editor"))
    image = make_image()
    hero = make_article("Foto sebagai foto utama", image=image)
    inline = make_article(
        "Foto di dalam isi",
        status="draft",
        body=f'<p>Teks.</p><figure class="gambar"><img src="/media/renditions/{image.pk}/v1/16x9-800.jpg" alt=""></figure>',
    )
    make_article(
        "Foto lain",
        body=f'<figure class="gambar"><img src="/media/renditions/{image.pk * 10 + 1}/v1/16x9-800.jpg" alt=""></figure>',
    )
    make_article("Tanpa foto")
    response = client.get(reverse("desk:photo_edit", args=[image.pk]))
    used = {
        article.pk: (is_hero, is_inline)
        for article, is_hero, is_inline in response.context["used_in"]
    }
    assert used == {hero.pk: (True, False), inline.pk: (False, True)}
    text = response.content.decode()
    assert "Dipakai di" in text
    assert reverse("desk:article_edit", args=[inline.pk]) in text
    # A penulis sees only the articles they may open: not another writer's draft.
    client.force_login(writer)
    response = client.get(reverse("desk:photo_edit", args=[image.pk]))
    assert [article.pk for article, _h, _i in response.context["used_in"]] == [hero.pk]
    assert "Foto di dalam isi" not in response.content.decode()


# --- Who may see what ---------------------------------------------------------------------------


def photo_urls(image: Image) -> list[str]:
    return [
        reverse("desk:photos"),
        reverse("desk:photo_upload"),
        reverse("desk:photo_edit", args=[image.pk]),
        reverse("desk:photo_original", args=[image.pk]),
        reverse("desk:photo_lookup"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    image = make_image()
    login = reverse("desk:login")
    for url in photo_urls(image):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
    assert upload(client, photo_bytes(), "foto.jpg").status_code == 302
    assert Image.objects.count() == 1


def test_the_original_is_not_served_to_anonymous_visitors_or_readers(client):
    image = make_image()
    response = client.get(reverse("desk:photo_original", args=[image.pk]))
    assert response.status_code == 302
    assert not getattr(response, "streaming", False) and response.content == b""
    reader = make_staff("pembaca", "penulis")
    reader.groups.clear()
    client.force_login(reader)
    assert client.get(reverse("desk:photo_original", args=[image.pk])).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_staff_of_each_role_may_use_the_photo_desk(client, role):
    client.force_login(make_staff(role, role))
    image = make_image()
    for url in photo_urls(image):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_original_is_served_to_staff_as_stored(client, writer):
    upload(client, photo_bytes((640, 360), "WEBP"), "foto.webp")
    image = Image.objects.get()
    response = client.get(reverse("desk:photo_original", args=[image.pk]))
    assert response["Content-Type"] == "image/webp"
    with default_storage.open(image.file.name) as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert client.get(reverse("desk:photo_original", args=[image.pk + 99])).status_code == 404
