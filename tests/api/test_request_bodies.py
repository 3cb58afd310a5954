"""What an API client may send: a real photo and a long story fit (a token is staff, as a desk
session is); past the limits, or unreadable, the answer is the API's JSON error, never a 500
or a page of text."""

import json
import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from tests.api.conftest import token_for
from warta.media.models import Image
from warta.news.models import Article
from warta.test import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db

HUGE = 300 * 1024 * 1024


def _camera_photo() -> bytes:
    """A photo as a camera's: detail everywhere, so hundreds of kilobytes, not a few."""
    picture = PILImage.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_real_photo_and_a_long_story_go_through_with_a_token(client):
    secret = token_for(make_staff("penulis", "penulis"))
    photo = _camera_photo()
    assert len(photo) > 256 * 1024
    made = client.post(
        "/api/v1/desk/photos",
        {
            "caption": "Nelayan menarik jaring",
            "credit": "Warta",
            "alt_text": "Nelayan di perahu",
            "file": SimpleUploadedFile("jaring.jpg", photo, content_type="image/jpeg"),
        },
        **_bearer(secret),
    )
    assert made.status_code == 201, made.content[:300]
    assert Image.objects.get(pk=made.json()["id"]).width == 800

    # A long feature: about 150 KB of HTML, well within the body's documented 500,000 characters.
    body = "".join(
        f"<p>Paragraf {n} dari liputan panjang tentang pesisir.</p>" for n in range(3000)
    )
    assert len(body.encode()) > 128 * 1024
    story = {"headline": "Liputan panjang pesisir", "section": make_section("Nasional").slug}
    saved = client.post(
        "/api/v1/desk/articles",
        json.dumps({**story, "body": body}),
        content_type="application/json",
        **_bearer(secret),
    )
    assert saved.status_code == 201, saved.content[:300]
    assert Article.objects.get(pk=saved.json()["id"]).body.count("<p>") == 3000


@pytest.mark.parametrize("secret", [None, "warta_bukan-token-yang-sah"])
def test_without_a_valid_token_a_large_body_is_refused_in_json(client, secret):
    headers = _bearer(secret) if secret else {}
    response = client.generic(
        "POST",
        "/api/v1/desk/articles",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(512 * 1024),
        **headers,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "terlalu besar" in response.json()["message"]


def test_past_the_staff_limit_a_token_gets_413_in_json(client):
    secret = token_for(make_staff("penulis", "penulis"))
    response = client.generic(
        "POST",
        "/api/v1/desk/photos",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(HUGE),
        **_bearer(secret),
    )
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_large"
    assert "MB" in response.json()["message"]  # says how much fits


def test_a_json_body_past_djangos_own_limit_is_a_413_not_a_server_error(client, settings):
    """Within the upload limit a photo needs, yet more than any story: Django refuses to hold
    it in memory, and the client is told so."""
    secret = token_for(make_staff("penulis", "penulis"))
    story = {"headline": "Terlalu panjang", "section": make_section("Nasional").slug}
    body = json.dumps(
        {**story, "body": "<p>kata</p>" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 8)}
    )
    response = client.post(
        "/api/v1/desk/articles", body, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 413, response.content[:200]
    assert response.json()["code"] == "too_large"
    assert not Article.objects.exists()


def test_an_unreadable_upload_is_a_400_not_a_server_error(client):
    secret = token_for(make_staff("penulis", "penulis"))
    for content_type in ("multipart/form-data", "multipart/form-data; boundary="):
        response = client.generic(
            "POST", "/api/v1/desk/photos", b"xx", content_type=content_type, **_bearer(secret)
        )
        assert response.status_code == 400, (content_type, response.content[:200])
        assert response.json()["code"] == "bad_request"
    assert not Image.objects.exists()


def test_the_reference_documents_413_and_400_for_writes(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put"):
                assert {"400", "413"} <= set(operation["responses"]), (method, path)


def test_the_desk_upload_answers_an_unreadable_form_with_400(client):
    client.force_login(make_staff("penulis", "penulis"))
    response = client.generic(
        "POST", "/desk/foto/unggah/", b"xx", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    "step, payload, field",
    [
        ("unpublish", {"reason": "\t"}, "reason"),
        ("return", {"note": "   "}, "note"),
        ("corrections", {"kind": "koreksi", "text": " \n "}, "text"),
    ],
)
def test_words_made_only_of_spaces_are_refused_naming_the_field(client, step, payload, field):
    """A reason, a note or a correction of blanks is no reason at all: 422, never a 500."""
    editor = make_staff("redaktur", "editor")
    status = "published" if step != "return" else "review"
    story = make_article("Tanggul diperkuat", status=status)
    response = client.post(
        f"/api/v1/desk/articles/{story.pk}/{step}",
        json.dumps(payload),
        content_type="application/json",
        **_bearer(token_for(editor)),
    )
    assert response.status_code == 422, response.content[:300]
    assert field in response.json()["fields"]
    story.refresh_from_db()
    assert story.status == status and not story.corrections.exists()


def test_a_blank_headline_or_caption_is_refused(client):
    secret = token_for(make_staff("penulis", "penulis"))
    story = {"headline": "  ", "section": make_section("Nasional").slug}
    response = client.post(
        "/api/v1/desk/articles",
        json.dumps(story),
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 422 and "headline" in response.json()["fields"]
    photo = SimpleUploadedFile("a.jpg", _camera_photo(), content_type="image/jpeg")
    refused = client.post(
        "/api/v1/desk/photos",
        {"caption": " ", "credit": "Warta", "alt_text": "Perahu", "file": photo},
        **_bearer(secret),
    )
    assert refused.status_code == 422 and "caption" in refused.json()["fields"]
    assert not Article.objects.exists() and not Image.objects.exists()
