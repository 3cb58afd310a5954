"""Media: originals are never reachable, and renditions carry no metadata but the pixels.

Cases tried: 12 traversal paths on /media/renditions/ (plain, encoded, double-encoded,
backslashes, absolute, null byte) and 4 on /static/; EXIF ImageDescription, Artist, a JPEG
comment and XMP in an upload, checked in every rendition written (WebP and JPEG).
"""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image as PILImage

from warta.media import renditions
from warta.news import actions

pytestmark = pytest.mark.django_db
SECRET = "Lokasi rahasia narasumber di Sentani"


def photo_with_metadata() -> bytes:
    picture = PILImage.new("RGB", (2000, 1200), "#557799")
    exif = PILImage.Exif()
    exif[0x010E] = SECRET  # ImageDescription
    exif[0x013B] = "Fotografer Rahasia"  # Artist
    buffer = BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc>{SECRET}</dc></x:xmpmeta>'.encode()
    picture.save(buffer, "JPEG", exif=exif, comment=SECRET.encode(), xmp=xmp)
    return buffer.getvalue()


@pytest.fixture
def stored(staff):
    upload = BytesIO(photo_with_metadata())
    upload.name = "rahasia.jpg"
    image = actions.upload_photo(
        upload, by=staff["editor"], caption="Foto", credit="Warta", alt_text="Foto"
    )
    renditions.refresh(image)
    image.refresh_from_db()
    return image


TRAVERSALS = [
    "{pk}/../../originals/{name}",
    "%2e%2e/originals/{name}",
    "..%2foriginals/{name}",
    "%2e%2e%2foriginals%2f{name}",
    "%252e%252e/originals/{name}",
    "..\\originals\\{name}",
    "..%5coriginals%5c{name}",
    "/{root}/originals/{name}",
    "....//originals/{name}",
    "{pk}/%2e%2e/%2e%2e/originals/{name}",
    "../originals/{name}%00.jpg",
    "../../secret_key",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_reaches_an_original(client, stored, path):
    name = Path(stored.file.name).name
    url = "/media/renditions/" + path.format(pk=stored.pk, name=name, root=settings.MEDIA_ROOT)
    response = client.get(url)
    original = Path(settings.MEDIA_ROOT, stored.file.name).read_bytes()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in (400, 404)
    assert original not in body and b"Cache-Control" not in body


@pytest.mark.parametrize(
    "path", ["../settings.py", "%2e%2e/%2e%2e/settings.py", "..%2f..%2fsecret_key", "/etc/passwd"]
)
def test_no_path_leaves_the_static_folder(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code in (400, 404)


def test_a_rendition_is_still_served(client, stored):
    url = stored.rendition_set("16x9").largest("webp").url
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]


def test_renditions_carry_no_description_comment_or_xmp(stored):
    folder = Path(settings.MEDIA_ROOT, renditions.folder(stored, stored.version))
    files = sorted(folder.iterdir())
    assert len(files) >= 10
    for path in files:
        data = path.read_bytes()
        assert SECRET.encode() not in data, path.name
        assert b"Fotografer Rahasia" not in data, path.name
        with PILImage.open(path) as picture:
            assert not picture.getexif(), path.name
            assert "comment" not in picture.info and "xmp" not in picture.info, path.name
