"""Writing through the API: the same doors as the desk (sanitized, revisioned, indexed,
audited with the token's name), 409 on a conflict, clear JSON errors naming the field, the
desk's upload checks, and rate limits answered with 429 and Retry-After."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import Api, token_for
from warta.media.models import Image
from warta.news.models import Article, AuditEntry, Revision
from warta.search.query import search
from warta.test import make_person, make_section, make_staff, photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def _draft(**changes):
    return {
        "headline": "Pelabuhan baru dibuka di Sorong",
        "body": '<p>Isi berita.</p><script>alert(1)</script><p onclick="x()">Kedua.</p>',
        "summary": "Ringkasan",
        "section": make_section("Nasional").slug,
        "tags": ["pelabuhan"],
        **changes,
    }


def test_a_writer_drafts_and_an_editor_publishes_through_the_doors(client):
    writer, editor = make_staff("penulis", "penulis"), make_staff("redaktur", "editor")
    make_person("Sari Penulis", user=writer)
    penulis = Api(client, token_for(writer, "Aplikasi lapangan"))
    made = penulis.post("/desk/articles", _draft())
    assert made.status_code == 201, made.content
    draft = made.json()
    assert "<script" not in draft["body"] and "onclick" not in draft["body"]
    assert draft["writers"] == ["sari-penulis"] and draft["status"] == "draft"
    assert penulis.post(f"/desk/articles/{draft['id']}/submit").json()["status"] == "review"
    redaktur = Api(client, token_for(editor, "Dasbor redaksi"))
    live = redaktur.post(f"/desk/articles/{draft['id']}/publish").json()
    assert live["status"] == "published" and live["url"].endswith(
        "/pelabuhan-baru-dibuka-di-sorong/"
    )
    assert search("pelabuhan sorong").total == 1
    assert "Pelabuhan baru dibuka" in client.get("/").content.decode()
    entries = AuditEntry.objects.filter(article_id=draft["id"]).order_by("pk")
    assert [(e.action, e.detail.get("api_token")) for e in entries] == [
        ("submit", "Aplikasi lapangan"),
        ("publish", "Dasbor redaksi"),
    ]


def test_a_save_names_its_base_revision_and_a_conflict_is_409_with_nothing_lost(client):
    writer = make_staff("penulis", "penulis")
    api = Api(client, token_for(writer))
    draft = api.post("/desk/articles", _draft()).json()
    base = draft["revision"]
    first = api.put(f"/desk/articles/{draft['id']}", _draft(summary="Versi A", base_revision=base))
    assert first.status_code == 200 and first.json()["summary"] == "Versi A"
    late = api.put(f"/desk/articles/{draft['id']}", _draft(summary="Versi B", base_revision=base))
    assert late.status_code == 409 and late.json()["code"] == "conflict"
    kept = Revision.objects.get(pk=late.json()["kept_revision"])
    assert kept.data["summary"] == "Versi B"
    assert Article.objects.get(pk=draft["id"]).summary == "Versi A"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"headline": ""}, "headline"),
        ({"headline": "<b></b>"}, "headline"),
        ({"headline": "x" * 201}, "headline"),
        ({"tags": ["<i></i>"]}, "tags"),
        ({"tags": "bukan daftar"}, "tags"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_field_and_nothing_is_saved(client, change, field):
    api = Api(client, token_for(make_staff("redaktur", "editor")))
    response = api.post("/desk/articles", _draft(**change))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Data tidak sah."
    assert field in body["fields"], body
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"section": "tidak-ada"}, "section"),
        ({"topic": "tidak-ada"}, "topic"),
        ({"hero_image": 999999}, "hero_image"),
    ],
)
def test_unknown_references_are_404_naming_the_field(client, change, field):
    api = Api(client, token_for(make_staff("redaktur", "editor")))
    response = api.post("/desk/articles", _draft(**change))
    assert response.status_code == 404 and field in response.json()["fields"]
    assert not Article.objects.exists()


def test_malformed_json_and_a_penulis_setting_the_byline_are_refused_plainly(client):
    writer = make_staff("penulis", "penulis")
    api = Api(client, token_for(writer))
    broken = client.post(
        "/api/v1/desk/articles",
        data="{bukan json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.secret}",
    )
    assert broken.status_code in (400, 422) and broken.json()["code"] in ("invalid", "bad_request")
    make_person("Budi Santoso")
    credited = api.post("/desk/articles", _draft(editor="budi-santoso"))
    assert credited.status_code == 403 and "editor" in credited.json()["fields"]
    assert not Article.objects.exists()
    # The byline is the writer's to choose, as in the desk.
    make_person("Antara", roles=["kantor-berita"])
    cobyline = api.post("/desk/articles", _draft(writers=["budi-santoso", "antara"]))
    assert cobyline.status_code == 201, cobyline.json()
    assert cobyline.json()["writers"] == ["budi-santoso", "antara"]


def test_photos_pass_the_desks_upload_checks(client):
    api = Api(client, token_for(make_staff("penulis", "penulis")))
    words = {"caption": "Kapal bersandar", "credit": "Warta", "alt_text": "Kapal di dermaga"}
    good = SimpleUploadedFile("kapal.jpg", photo_bytes((1200, 800)), content_type="image/jpeg")
    made = client.post(
        "/api/v1/desk/photos", {**words, "file": good}, HTTP_AUTHORIZATION=f"Bearer {api.secret}"
    )
    assert made.status_code == 201, made.content
    assert made.json()["width"] == 1200
    fake = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    refused = client.post(
        "/api/v1/desk/photos", {**words, "file": fake}, HTTP_AUTHORIZATION=f"Bearer {api.secret}"
    )
    assert refused.status_code == 422 and "file" in refused.json()["fields"]
    assert Image.objects.count() == 1


def test_rate_limits_answer_429_with_retry_after_per_token_and_per_address(client, settings):
    settings.WARTA_API_RATE_TOKEN = "3/min"
    api = Api(client, token_for(make_staff("penulis", "penulis")))
    answers = [api.get("/desk/articles").status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    last = api.get("/desk/articles")
    assert last.json()["code"] == "rate_limited" and int(last["Retry-After"]) >= 1
    other = Api(client, token_for(make_staff("lain", "penulis")))
    assert other.get("/desk/articles").status_code == 200  # per token
    # Per address, on the public side too; a page already in the reader cache costs nothing
    # and is not counted, so these ask for pages that are not (a new search each time).
    settings.WARTA_API_RATE_ADDRESS = "2/min"
    asked = [
        client.get(f"/api/v1/search?q=kata{n}", REMOTE_ADDR="203.0.113.9").status_code
        for n in range(4)
    ]
    assert asked == [200, 200, 429, 429]
    assert client.get("/api/v1/search?q=lain", REMOTE_ADDR="203.0.113.10").status_code == 200
