"""Writers at once on SQLite, as the demo runs them: several processes on one database file.

The test database is SQLite in memory, which locks whole tables, so a test of writers at the
same moment runs them as processes of their own on a file instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def writers_at_once(folder: Path, *, setup: str, writers: list[str], report: str) -> str:
    """Migrate a SQLite file in `folder`, run the `setup` script, then every script of
    `writers` at once, each in its own process (all must succeed), and return what the
    `report` script prints."""
    env = {**os.environ, "WARTA_DATA_DIR": str(folder)}
    env.pop("WARTA_DATABASE_URL", None)
    env.pop("WARTA_REDIS_URL", None)
    warta = [sys.executable, "-m", "warta"]
    subprocess.run([*warta, "migrate", "-v0"], env=env, check=True, timeout=600)
    subprocess.run([*warta, "shell", "-c", setup], env=env, check=True, timeout=120)
    running = [
        subprocess.Popen([*warta, "shell", "-c", script], env=env, stderr=subprocess.PIPE)
        for script in writers
    ]
    for process in running:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    return subprocess.run(
        [*warta, "shell", "-c", report], env=env, check=True, timeout=120, capture_output=True
    ).stdout.decode()
