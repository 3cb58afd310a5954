"""Site settings: admins set what readers see of the newsroom besides its news, in the desk."""

import json
import re

import pytest
from django.urls import reverse

from warta.news.models import AuditEntry, SiteSettings
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

GOOD = {
    "tagline": "Kabar jernih dari Nusantara",
    "description": "Berita Indonesia dan dunia, ringkas dan jernih.",
    "contact_email": "redaksi@warta.example",
    "breaking_hours": "6",
    "x_handle": "@wartaid",
    "facebook_url": "https://www.facebook.com/wartaid",
    "instagram_url": "",
    "youtube_url": "https://www.youtube.com/@wartaid",
    "tiktok_url": "",
}


@pytest.fixture
def admin(client):
    user = make_staff("admin", "admin")
    client.force_login(user)
    return user


def save(client, **changes):
    return client.post(reverse("desk:site_settings"), {**GOOD, **changes}, REMOTE_ADDR="10.1.2.3")


def test_readers_see_the_settings_at_once(client, admin, django_capture_on_commit_callbacks):
    article = make_article("Jembatan baru diresmikan di tepi sungai")
    before = client.get("/").content.decode()
    assert "Kabar jernih dari Nusantara" not in before
    with django_capture_on_commit_callbacks(execute=True):
        assert save(client).status_code == 302
    client.logout()
    home = client.get("/").content.decode()
    assert '<p class="tagline">Kabar jernih dari Nusantara</p>' in home
    assert 'content="Berita Indonesia dan dunia, ringkas dan jernih."' in home
    assert 'href="https://x.com/wartaid"' in home
    assert 'href="https://www.facebook.com/wartaid"' in home
    assert 'href="mailto:redaksi@warta.example"' in home
    assert "Ikuti kami" in home and "Kirim kabar" in home
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="twitter:site" content="@wartaid">' in page
    blocks = [json.loads(text) for text in JSON_LD.findall(page)]
    publisher = next(block["publisher"] for block in blocks if "publisher" in block)
    assert publisher["sameAs"] == [
        "https://x.com/wartaid",
        "https://www.facebook.com/wartaid",
        "https://www.youtube.com/@wartaid",
    ]
    feed = client.get(reverse("seo:feed")).content.decode()
    assert "Berita Indonesia dan dunia, ringkas dan jernih." in feed


def test_nothing_shows_until_an_admin_sets_it(client):
    make_article("Pasar pagi kembali ramai")
    home = client.get("/").content.decode()
    assert 'class="tagline"' not in home and "Ikuti kami" not in home
    assert "twitter:site" not in home
    assert not SiteSettings.objects.exists(), "reading the defaults writes nothing"


def test_the_change_is_audited_with_the_fields_changed(client, admin):
    save(client)
    save(client, tagline="Slogan baru")
    entries = list(AuditEntry.objects.filter(action="settings_update").order_by("pk"))
    assert len(entries) == 2
    assert entries[1].detail == {"changed": ["tagline"]}
    assert (entries[1].actor_name, entries[1].ip) == ("admin", "10.1.2.3")
    log = client.get(reverse("desk:audit")).content.decode()
    assert "Pengaturan situs diubah" in log


def test_saving_without_changes_records_nothing(client, admin):
    save(client)
    response = save(client)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="settings_update").count() == 1


def test_a_pasted_profile_address_is_read_as_the_account_name(client, admin):
    save(client, x_handle="https://twitter.com/wartaid/")
    assert SiteSettings.objects.get().x_handle == "wartaid"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("x_handle", "warta id!", "Nama akun X terdiri atas 1 sampai 15 huruf"),
        ("facebook_url", "https://evil.example/wartaid", "halaman redaksi di facebook.com"),
        ("facebook_url", "http://www.facebook.com/wartaid", "diawali https://"),
        ("instagram_url", "javascript:alert(1)", "Masukkan URL yang valid"),
        ("youtube_url", "https://www.youtube.com/", "halaman redaksi di youtube.com"),
        ("contact_email", "redaksi(at)warta", "alamat email yang valid"),
        ("breaking_hours", "0", "lebih besar dari atau sama dengan 1"),
        ("breaking_hours", "100", "lebih kecil dari atau sama dengan 72"),
        ("tagline", "x" * 81, "paling banyak 80 karakter"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    client, admin, field, value, message
):
    response = save(client, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not SiteSettings.objects.exists()
    assert not AuditEntry.objects.filter(action="settings_update").exists()


def test_markup_in_the_tagline_is_removed(client, admin):
    save(client, tagline='<script>alert(1)</script>Kabar <b onclick="x()">jernih</b>')
    tagline = SiteSettings.objects.get().tagline
    assert "<" not in tagline and "jernih" in tagline


def test_the_page_shows_what_is_set_on_the_server(client, admin, settings):
    page = client.get(reverse("desk:site_settings")).content.decode()
    assert "WARTA_SITE_URL" in page and settings.SITE_URL in page
    assert "Diatur di server" in page


def test_breaking_news_lasts_as_long_as_the_settings_say(client, admin):
    save(client, breaking_hours="12")
    form = client.get(reverse("desk:curate")).content.decode()
    assert 'name="breaking_hours" value="12"' in form


@pytest.mark.parametrize("role", ["penulis", "editor"])
def test_only_admins_change_the_settings(client, role):
    client.force_login(make_staff(role, role))
    assert save(client).status_code == 403
    assert not SiteSettings.objects.exists()
