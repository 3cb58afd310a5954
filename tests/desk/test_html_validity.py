"""The desk's main pages pass the Nu Html Checker: a nested form would silently drop fields."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from warta.news import actions
from warta.news.models import Article
from warta.test import make_article, make_image

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def test_main_desk_pages_have_no_html_errors(client, staff, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip(f"needs java and {VNU}: `make test-deps`")
    image = make_image()
    article = make_article("Berita di meja redaksi", status="draft", image=image)
    published = make_article("Berita terbit")
    actions.correct_article(published, by=staff["editor"], kind="ralat", text="Angka diperbaiki.")
    client.force_login(staff["admin"])
    client.post(
        f"/desk/berita/{article.pk}/",
        {
            "headline": "Berita di meja redaksi",
            "section": article.section_id,
            "writer_1": article.article_writers.first().person_id,
            "body": "<p>Satu.</p>",
            "base_revision": "",
        },
    )
    client.post(
        f"/desk/berita/{article.pk}/",
        {
            "headline": "Berita di meja redaksi",
            "section": article.section_id,
            "writer_1": article.article_writers.first().person_id,
            "body": "<p>Dua.</p>",
            "base_revision": Article.objects.get(pk=article.pk).current_revision_id,
        },
    )
    pages = {
        "dashboard": "/desk/",
        "new": "/desk/berita/baru/",
        "edit": f"/desk/berita/{article.pk}/",
        "workflow": f"/desk/berita/{article.pk}/alur/schedule/",
        "history": f"/desk/berita/{article.pk}/riwayat/",
        "compare": f"/desk/berita/{article.pk}/riwayat/bandingkan/?a=1&b=2",
        "photos": "/desk/foto/",
        "upload": "/desk/foto/unggah/",
        "photo": f"/desk/foto/{image.pk}/",
        "curate": "/desk/beranda/",
        "audit": "/desk/audit/",
        "staff": "/desk/staf/",
        "sections": "/desk/rubrik/",
        "corrections": "/koreksi/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    client.logout()
    login = tmp_path / "login.html"
    login.write_bytes(client.get("/desk/masuk/").content)
    files.append(str(login))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
