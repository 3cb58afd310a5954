"""A page-cache hit served by Warta alone (granian, one worker, no proxy), with the file cache
and with Redis, against Django under granian returning the same bytes (the Python limit), in
one run.

It starts the three servers itself on a small newsroom, asks each for the article page as a
browser does (brotli) with wrk, alternating rounds, and prints requests per second and the
ratios: Warta's hit to the limit (goal: at least 0.80) and Redis to the file cache (goal: at
least 1.00).

    .venv/bin/python bench/hit_server.py
    .venv/bin/python bench/hit_server.py --duration 5 --rounds 1   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, warta_command, warta_env, warta_server  # noqa: E402

REDIS = "redis://127.0.0.1:6379/13"


def get(url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "br"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read(), response.headers.get("Content-Encoding", "")


def wrk(url: str, seconds: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "-H", "Accept-Encoding: br", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} answers were errors")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    root = Path(tempfile.mkdtemp(prefix="warta-bench-hit-"))
    data = root / "data"
    prefix = f"bench{os.getpid()}"
    with ExitStack() as stack:
        files = stack.enter_context(warta_server(data))
        env = warta_env(data, files)
        article = json.loads(
            warta_command(
                env, "shell", "-c", "from tests.edge import newsroom; newsroom.setup(paragraphs=14)"
            )
            .strip()
            .splitlines()[-1]
        )["articles"][0]
        redis = stack.enter_context(
            warta_server(
                data,
                prepare=("check",),
                env={"WARTA_REDIS_URL": REDIS, "WARTA_CACHE_PREFIX": prefix},
            )
        )
        body, encoding = get(files + article)
        get(redis + article)
        assert encoding == "br" and get(files + article)[0] == body
        (root / "page.br").write_bytes(body)
        port = free_port()
        plain = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("granian")),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--blocking-threads",
                "4",
                "--no-ws",
                "bench.plain_django:application",
            ],
            cwd=ROOT,
            env={**os.environ, "PLAIN_DJANGO_BODY": str(root / "page.br")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stack.callback(plain.terminate)
        limit = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                get(limit + article)
                break
            except OSError:
                time.sleep(0.1)
        assert get(limit + article)[0] == body
        cases = {
            "Django returning the same bytes (limit)": limit + article,
            "Warta, page-cache hit, file cache": files + article,
            "Warta, page-cache hit, Redis": redis + article,
        }
        rates: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, url in cases.items():
                rates[name].append(wrk(url, args.duration))
        median = {name: statistics.median(values) for name, values in rates.items()}
        print(
            f"article page, {len(body):,} bytes brotli; granian 1 worker each; wrk -t2 -c32, "
            f"{args.duration} s x {args.rounds} rounds, alternating; medians"
        )
        for name, value in median.items():
            print(f"  {name:42} {value:9,.0f} requests/s")
        names = list(cases)
        print(
            f"  ratio file-cache hit / limit: {median[names[1]] / median[names[0]]:.2f}"
            " (goal: at least 0.80)"
        )
        print(f"  ratio Redis hit / limit:      {median[names[2]] / median[names[0]]:.2f}")
        print(
            f"  ratio Redis / file cache:     {median[names[2]] / median[names[1]]:.2f}"
            " (goal: at least 1.00)"
        )


if __name__ == "__main__":
    main()
