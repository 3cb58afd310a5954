"""Backups a newsroom can trust: the database, every media file, and a manifest that proves both.

A backup is one folder: `database.sqlite3` (SQLite's online backup, consistent while Warta
runs) or `database.pgdump` (pg_dump's custom format), `media/` (originals and renditions), and
`manifest.json` with the SHA-256 and size of every file and the number of articles, revisions
and photos. A restore checks every hash before it touches anything, then puts the database and
the media back and checks the counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
Progress = Callable[[int], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, in words for an operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[Path]:
    return (path for path in sorted(root.rglob("*")) if path.is_file())


def _counts() -> dict[str, int]:
    from warta.media.models import Image
    from warta.news.models import Article, Revision

    return {
        "articles": Article.objects.count(),
        "revisions": Revision.objects.count(),
        "photos": Image.objects.count(),
    }


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env={**os.environ, **env}, check=True, capture_output=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.decode().strip()}") from error


def _dump_database(folder: Path) -> str:
    engine = connection.vendor
    if engine == "sqlite":
        target = folder / "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return engine
    if engine == "postgresql":
        env, args = _pg_env_and_args()
        name = settings.DATABASES["default"]["NAME"]
        _run(
            ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(folder / "database.pgdump"), name],
            env,
        )
        return engine
    raise BackupError(f"backups of a {engine} database are not supported")


def backup(destination: Path, *, progress: Progress | None = None) -> Path:
    """Write a new backup folder under `destination` and return it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / f"warta-backup-{stamp}"
    folder.mkdir(parents=True, mode=0o700)
    counts = _counts()
    engine = _dump_database(folder)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for path in _files(media):
            target = folder / "media" / path.relative_to(media)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            if progress:
                progress(1)
    files = {
        str(path.relative_to(folder)): {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in _files(folder)
    }
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": engine,
        "counts": counts,
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def media_file_count() -> int:
    media = Path(settings.MEDIA_ROOT)
    return sum(1 for _ in _files(media)) if media.exists() else 0


def verify(folder: Path) -> dict[str, Any]:
    """The manifest, once every file it names is present with its hash; else BackupError."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} has no {MANIFEST}: not a Warta backup")
    manifest = json.loads(path.read_text())
    for name, expected in manifest["files"].items():
        file = Path(folder) / name
        if not file.exists():
            raise BackupError(f"{name} is missing from the backup")
        if _sha256(file) != expected["sha256"]:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest: damaged")
    return manifest


def _database_is_empty() -> bool:
    tables = connection.introspection.table_names()
    if "news_article" not in tables:
        return True
    from warta.news.models import Article

    return not Article.objects.exists()


def restore(folder: Path, *, force: bool = False, progress: Progress | None = None) -> dict:
    """Put a verified backup back: database first, then media; returns the manifest's counts.

    Refuses to overwrite a database that holds articles unless `force` is given."""
    folder = Path(folder)
    manifest = verify(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this Warta uses {connection.vendor}"
        )
    if not force and not _database_is_empty():
        raise BackupError("the database already holds articles; use --force to replace them")
    if connection.vendor == "sqlite":
        connection.close()
        target = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        source = sqlite3.connect(folder / "database.sqlite3")
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        target.chmod(0o600)
    else:
        connection.close()
        env, args = _pg_env_and_args()
        name = settings.DATABASES["default"]["NAME"]
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                *args,
                "-d",
                name,
                str(folder / "database.pgdump"),
            ],
            env,
        )
    media = Path(settings.MEDIA_ROOT)
    for path in _files(folder / "media") if (folder / "media").exists() else ():
        target = media / path.relative_to(folder / "media")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        if progress:
            progress(1)
    restored = _counts()
    if restored != manifest["counts"]:
        raise BackupError(f"restored {restored}, but the backup holds {manifest['counts']}")
    return restored
