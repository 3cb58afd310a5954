"""Real Warta processes for tests that need a server over HTTP: `warta serve` on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPResponse
from pathlib import Path

from deploy.ports import free_port  # noqa: F401 - the tests and benchmarks take it from here


def fetch(
    url: str, method: str = "GET", data: bytes | None = None, **headers: str
) -> HTTPResponse | urllib.error.HTTPError:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=data, headers=headers, method=method
    )
    try:
        return urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error


def warta_env(data: Path, base: str, extra: dict | None = None) -> dict[str, str]:
    """The environment of a Warta process on SQLite in `data`, serving at `base`."""
    env = {
        **os.environ,
        "WARTA_DATA_DIR": str(data),
        "WARTA_DEBUG": "false",
        "WARTA_SITE_URL": base,
    }
    env.pop("WARTA_DATABASE_URL", None)
    env.pop("WARTA_REDIS_URL", None)
    env.update(extra or {})
    return env


def warta_command(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """`warta <args>` in that environment, from the checkout (so `tests` imports); its output."""
    done = subprocess.run(
        [sys.executable, "-m", "warta", *args],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    )
    return done.stdout


ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def warta_server(
    data: Path,
    *,
    prepare: tuple[str, ...] = ("migrate", "-v0"),
    env: dict | None = None,
    started: list[subprocess.Popen] | None = None,
) -> Iterator[str]:
    """`warta <prepare>` then `warta serve` on SQLite in `data` (or what `env` names); yields
    the base URL. `started`, when given, receives the server's process."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    extra = env or {}
    env = warta_env(data, extra.get("WARTA_SITE_URL", base), extra)
    command = [sys.executable, "-m", "warta"]
    subprocess.run(
        [*command, *prepare], env=env, check=True, timeout=600, stdout=subprocess.DEVNULL
    )
    log = (data / "serve.log").open("ab")  # what to read when a test of the server fails
    process = subprocess.Popen(
        [*command, "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    if started is not None:
        started.append(process)
    try:
        for _ in range(150):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
