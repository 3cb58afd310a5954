"""Real Warta processes for tests that need a server over HTTP: `warta serve` on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPResponse
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers: str) -> HTTPResponse | urllib.error.HTTPError:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        return urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error


@contextmanager
def warta_server(
    data: Path, *, prepare: tuple[str, ...] = ("migrate", "-v0"), env: dict | None = None
) -> Iterator[str]:
    """`warta <prepare>` then `warta serve` on SQLite in `data` (or what `env` names); yields
    the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    extra = env or {}
    env = {
        **os.environ,
        "WARTA_DATA_DIR": str(data),
        "WARTA_DEBUG": "false",
        "WARTA_SITE_URL": base,
    }
    env.pop("WARTA_DATABASE_URL", None)
    env.pop("WARTA_REDIS_URL", None)
    env.update(extra)
    command = [sys.executable, "-m", "warta"]
    subprocess.run(
        [*command, *prepare], env=env, check=True, timeout=600, stdout=subprocess.DEVNULL
    )
    process = subprocess.Popen(
        [*command, "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(150):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
