"""Headers on every response, `check --deploy` clean for an https site, and the smaller doors:
the preview link's host, the database file's mode, the session's length, tags of markup.

Cases tried: 4 page kinds × 6 headers; check --deploy with production settings (1); a
preview link requested through a forged Host (1); the SQLite file's mode (1); the session
lifetime from WARTA_SESSION_HOURS (1); 3 markup-only tags in the desk form.
"""

import os
import stat
import subprocess
import sys

import pytest

from warta.news.models import Article, Person, PreviewLink, Section, Tag
from warta.test import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/feed/", "/desk/masuk/", "/tidak-ada/"])
def test_every_response_carries_the_security_headers(client, path):
    make_article("Berita uji")
    response = client.get(path)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def run_warta(tmp_path, *args, **env):
    environment = {
        **os.environ,
        "WARTA_DATA_DIR": str(tmp_path / "data"),
        "WARTA_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'warta.sqlite3'}",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "warta", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_check_deploy_is_clean_for_an_https_site(tmp_path):
    done = run_warta(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        WARTA_SITE_URL="https://warta.example.id",
        WARTA_ALLOWED_HOSTS="warta.example.id",
        WARTA_SECRET_KEY="k" * 20 + "-Rahasia-Panjang-Sekali-Untuk-Uji-Deploy-0123456789",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_database_file_is_readable_by_warta_alone(tmp_path):
    run_warta(tmp_path, "migrate", "--no-input")
    database = tmp_path / "data" / "warta.sqlite3"
    assert database.exists()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_the_session_lasts_what_the_newsroom_sets(tmp_path):
    done = run_warta(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)",
        WARTA_SESSION_HOURS="10",
    )
    assert done.stdout.strip().splitlines()[-1] == "36000", done.stderr


def test_a_preview_link_names_the_site_not_the_request_host(client, staff, settings):
    article = make_article("Draf rahasia", status="draft", by=staff["penulis"])
    client.force_login(staff["editor"])
    # Even a host Warta answers to (a second domain, say) is not the address readers use.
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    response = client.post(
        f"/desk/berita/{article.pk}/tautan-pratinjau/", HTTP_HOST="evil.example", follow=True
    )
    token = PreviewLink.objects.latest("pk").token
    page = response.content.decode()
    assert f"{settings.SITE_URL}/pratinjau/{token}/" in page
    assert "evil.example/pratinjau" not in page


@pytest.mark.parametrize("tags", ["<b></b>", "Banjir, <script>x</script>", "&lt;i&gt;&lt;/i&gt;"])
def test_a_tag_of_markup_alone_is_refused_with_a_message(client, staff, tags):
    client.force_login(staff["editor"])
    response = client.post(
        "/desk/berita/baru/",
        {
            "headline": "Berita bertag",
            "section": Section.objects.first().pk,
            "writer_1": Person.objects.first().pk,
            "tags": tags,
            "body": "<p>Isi.</p>",
        },
    )
    assert response.status_code == 400
    assert "Tag harus berupa kata" in response.content.decode()
    assert not Article.objects.exists() and not Tag.objects.filter(name="").exists()
