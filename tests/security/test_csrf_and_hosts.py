"""CSRF on every state-changing URL, the Host header, and polyglot uploads.

Cases tried: a POST without a CSRF token to every desk URL (34, from the URLconf itself, so a
new URL is covered the day it is added), to the admin and to sign-in, as a signed-in admin; 4
forged Host headers; 3 polyglot files (a JPEG carrying HTML and script after its end, a PNG
carrying a ZIP, a GIF/JavaScript polyglot).
"""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, reverse

from warta.desk import urls as desk_urls
from warta.media.models import Image
from warta.news.models import AuditEntry
from warta.test import make_article, make_image, photo_bytes

pytestmark = pytest.mark.django_db

NOT_WRITING = {"js_catalog"}  # a cached GET-only catalogue


def desk_paths(article, image, staff_user) -> list[str]:
    values = {
        **{"pk": article.pk, "action": "submit", "link": 1, "number": 1, "note": 1, "update": 1},
        **{"uidb64": "MQ", "token": "set-password"},
    }
    paths = []
    for pattern in desk_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_WRITING:
            continue
        names = pattern.pattern.regex.groupindex
        kwargs = {name: values[name] for name in names}
        if pattern.name.startswith("photo") and "pk" in kwargs:
            kwargs["pk"] = image.pk
        if pattern.name == "staff_edit":
            kwargs["pk"] = staff_user.pk
        paths.append(reverse(f"desk:{pattern.name}", kwargs=kwargs))
    return paths


def test_every_state_changing_url_refuses_a_post_without_its_csrf_token(staff):
    article = make_article("Berita uji", status="draft")
    image = make_image()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff["admin"])
    before = (AuditEntry.objects.count(), Image.objects.count())
    paths = desk_paths(article, image, staff["penulis"])
    assert len(paths) >= 30
    for path in [*paths, "/admin/news/section/add/"]:
        response = client.post(path, {"headline": "Diserang", "note": "x", "role": "admin"})
        assert response.status_code == 403, path
    assert (AuditEntry.objects.count(), Image.objects.count()) == before


def test_sign_in_needs_its_csrf_token_too(staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/desk/masuk/", {"username": "editor", "password": "editor-Sandi-Rahasia-1"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "host", ["evil.example", "warta.example.evil.example", "127.0.0.1:8000@evil", "x" * 300]
)
def test_a_forged_host_header_is_refused(host):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert host.encode() not in response.content


def polyglots() -> dict[str, tuple[bytes, str, bytes]]:
    script = b"<html><script>alert(document.cookie)</script></html>"
    zipped = b"PK\x03\x04" + b"\x00" * 26 + b"evil.js" + script
    gif_js = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=alert(1);//" + b"\x00" * 20
    return {
        "jpeg+html": (photo_bytes() + script, "foto.jpg", script),
        "png+zip": (photo_bytes(fmt="PNG") + zipped, "foto.png", b"evil.js"),
        "gif+js": (gif_js, "foto.jpg", b"alert(1)"),
    }


@pytest.mark.parametrize("kind", ["jpeg+html", "png+zip", "gif+js"])
def test_a_polyglot_upload_never_keeps_its_payload(client, staff, kind):
    data, name, payload = polyglots()[kind]
    client.force_login(staff["editor"])
    upload = BytesIO(data)
    upload.name = name
    response = client.post(
        "/desk/foto/unggah/",
        {"file": upload, "caption": "Foto", "credit": "Warta", "alt_text": "Foto"},
    )
    if kind == "gif+js":
        assert response.status_code == 400  # refused as GIF, whatever its name
        assert not Image.objects.exists()
        return
    assert response.status_code == 302
    stored = Path(settings.MEDIA_ROOT, Image.objects.get().file.name).read_bytes()
    assert payload not in stored  # re-encoded from its pixels: the tail is gone
