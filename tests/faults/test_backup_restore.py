"""Backup and restore drill: a newsroom backed up with `warta backup` and restored with
`warta restore` into an empty data folder has every article body, every revision and every
media file back, byte for byte. On SQLite and on PostgreSQL (a database of the test's own on
the machine's server, dropped afterwards). A damaged backup is refused before anything changes.
"""

import json
import os
import subprocess
import sys
import uuid

import pytest

SETUP = """
from warta.news import actions, revisions
from warta.test import make_article, make_image, make_section, make_staff
editor = make_staff("editor", "editor")
image = make_image(caption="Banjir di Kampung Melayu")
story = make_article("Banjir surut di Jakarta Timur", section=make_section("Nasional"), image=image)
for n in range(3):
    story.refresh_from_db()
    data = {**revisions.snapshot(story), "body": f"<p>Versi ke-{n} dengan angka terbaru.</p>"}
    story = actions.save_article(story, by=editor, data=data, base_revision=story.current_revision_id)
make_article("Draf tentang tarif KRL", status="draft")
"""

SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from warta.news.models import Article, Revision
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "articles": sorted([a.pk, a.headline, a.status, a.body] for a in Article.objects.all()),
    "revisions": sorted([r.article_id, r.number, r.kind, r.data] for r in Revision.objects.all()),
    "media": sorted(
        [str(p.relative_to(media)), hashlib.sha256(p.read_bytes()).hexdigest()]
        for p in media.rglob("*") if p.is_file()
    ),
}, default=str))
"""


def warta(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warta", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def snapshot(env: dict) -> dict:
    return json.loads(warta(env, "shell", "-c", SNAPSHOT).stdout.strip().splitlines()[-1])


def newsroom(tmp_path, name: str, database_url: str | None) -> dict:
    env = {"WARTA_DATA_DIR": str(tmp_path / name), "WARTA_REDIS_URL": ""}
    if database_url:
        env["WARTA_DATABASE_URL"] = database_url
    else:
        env["WARTA_DATABASE_URL"] = f"sqlite:///{tmp_path / name / 'warta.sqlite3'}"
    warta(env, "migrate", "-v0")
    return env


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    if request.param == "sqlite":
        yield None, None
        return
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c"]
    names = [f"warta_drill_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield tuple(f"postgres://postgres@127.0.0.1:5432/{name}" for name in names)
    for name in names:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], capture_output=True)


def test_a_restore_into_an_empty_data_folder_brings_everything_back(tmp_path, databases):
    source_db, target_db = databases
    source = newsroom(tmp_path, "asal", source_db)
    warta(source, "shell", "-c", SETUP)
    before = snapshot(source)
    assert len(before["revisions"]) >= 5 and len(before["media"]) > 10

    done = warta(source, "backup", "--to", str(tmp_path / "cadangan"))
    folder = done.stdout.strip().splitlines()[-1].split(" to ", 1)[1].strip()
    manifest = json.loads(
        (tmp_path / "cadangan" / folder.split("/")[-1] / "manifest.json").read_text()
    )
    assert manifest["counts"]["articles"] == 2
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())

    target = newsroom(tmp_path, "tujuan", target_db)
    restored = warta(target, "restore", folder)
    assert "Restored 2 articles" in restored.stdout
    assert snapshot(target) == before


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path):
    source = newsroom(tmp_path, "asal", None)
    warta(source, "shell", "-c", SETUP)
    done = warta(source, "backup", "--to", str(tmp_path / "cadangan"))
    folder = done.stdout.strip().splitlines()[-1].split(" to ", 1)[1].strip()
    some_media = next(p for p in (tmp_path / "cadangan").rglob("*.jpg"))
    some_media.write_bytes(some_media.read_bytes()[:-10])
    target = newsroom(tmp_path, "tujuan", None)
    refused = warta(target, "restore", folder, check=False)
    assert refused.returncode != 0 and "damaged" in refused.stderr
    assert snapshot(target)["articles"] == []
