"""A soak: readers and the desk together for ten minutes at 80% of the maximum rate, on the
default deployment (`warta serve --workers 2`, SQLite, the file cache), with zero errors and
flat memory per process as the goal.

It starts Warta on a generated newsroom (200 articles), measures the maximum rate of the
reader mix with wrk for 15 s, then loads it at 80% of that (wrk paced by a Lua delay) while a
desk client edits an article through the API twice a second and publishes a new one every
ten seconds, each publish making the lists stale. Readers ask for articles (any of the 200),
the home page, sections, tags, the date index, searches and addresses with junk in the query
string. Every 10 s it samples the resident memory of each server process. It prints the rate,
the errors (HTTP errors, connection errors, refused saves), and memory at the start of the load
(after a minute of warming), its maximum and at the end.

    .venv/bin/python bench/soak.py                       # 10 minutes
    .venv/bin/python bench/soak.py --minutes 2           # a shorter run
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import warta_command, warta_env, warta_server  # noqa: E402

SETUP = """
from warta.news import actions
from warta.test import make_article, make_person, make_section, make_staff
import json
sections = [make_section(name) for name in ("Nasional", "Ekonomi", "Olahraga", "Teknologi")]
writers = [make_person(name) for name in ("Dewi Lestari", "Bima Saputra", "Rani Wulandari")]
words = ["banjir", "pasar", "listrik", "jalan", "sekolah", "pelabuhan", "panen", "kereta"]
urls = []
for n in range(200):
    topic = words[n % len(words)]
    story = make_article(
        f"Kabar {topic} dari daerah, laporan ke-{n}",
        section=sections[n % 4], writers=[writers[n % 3]], tags=[topic.title()],
        body="".join(f"<p>Paragraf {k} tentang {topic} di daerah itu.</p>" for k in range(10)),
    )
    urls.append(story.get_absolute_url())
user = make_staff("redaktur", "editor")
token = actions.create_api_token(user, name="soak", by=None)[1]
print(json.dumps({"urls": urls, "token": token, "words": words}))
"""

MIX = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Accept-Encoding"] = "br"})
end
%s
"""


def reader_paths(urls: list[str], words: list[str]) -> list[str]:
    """One round of the mix: mostly articles, then lists, search and junk."""
    paths = list(urls)
    paths += ["/"] * 40 + ["/nasional/", "/ekonomi/", "/olahraga/", "/teknologi/"] * 5
    paths += [f"/tag/{word}/" for word in words] * 2 + ["/indeks/"] * 5
    paths += [f"/cari/?q={word}" for word in words]
    paths += [f"/?utm_source=soak{n}" for n in range(10)]
    return paths


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(found.group(1)) if found else 0,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def resident_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def server_pids(root_pid: int) -> list[int]:
    children = Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()
    return [root_pid, *(int(pid) for pid in children)]


class Desk(threading.Thread):
    """An editor's client: saves twice a second, publishes every ten seconds."""

    def __init__(self, base: str, token: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.token, self.stop = base, token, stop
        self.saves = self.publishes = 0
        self.failures: list[str] = []

    def call(self, method: str, path: str, payload: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.base}/api/v1/desk{path}",
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return json.loads(answer.read())

    def run(self) -> None:
        draft = self.call(
            "POST",
            "/articles",
            {
                "headline": "Catatan redaksi yang terus disunting",
                "section": "nasional",
                "body": "<p>Awal.</p>",
            },
        )
        revision, number = draft["revision"], 0
        next_publish = time.monotonic() + 10
        while not self.stop.is_set():
            number += 1
            try:
                saved = self.call(
                    "PUT",
                    f"/articles/{draft['id']}",
                    {
                        "headline": "Catatan redaksi yang terus disunting",
                        "section": "nasional",
                        "body": f"<p>Suntingan ke-{number}.</p>",
                        "base_revision": revision,
                    },
                )
                revision = saved["revision"]
                self.saves += 1
                if time.monotonic() >= next_publish:
                    story = self.call(
                        "POST",
                        "/articles",
                        {
                            "headline": f"Berita baru nomor {number} dari meja redaksi",
                            "section": "ekonomi",
                            "body": "<p>Isi berita baru.</p>",
                            "tags": ["Pasar"],
                        },
                    )
                    self.call("POST", f"/articles/{story['id']}/publish")
                    self.publishes += 1
                    next_publish += 10
            except (urllib.error.URLError, OSError, KeyError) as error:
                self.failures.append(f"{number}: {error}")
            self.stop.wait(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--share", type=float, default=0.8, help="of the maximum rate (0.8)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    root = Path(tempfile.mkdtemp(prefix="warta-soak-"))
    data = root / "data"
    started: list[subprocess.Popen] = []
    with warta_server(data, started=started) as base:
        # Two worker processes, as a small newsroom runs it.
        started[0].terminate()
        started[0].wait()
        env = warta_env(data, base)
        setup = json.loads(warta_command(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        port = base.rsplit(":", 1)[1]
        log = (root / "serve.log").open("ab")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "warta",
                "serve",
                "--addr",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/robots.txt", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            paths = reader_paths(setup["urls"], setup["words"])
            quoted = ", ".join(json.dumps(path) for path in paths)
            flat = root / "flat.lua"
            flat.write_text(MIX % (quoted, ""))
            wrk(base, flat, 20, 16)  # warm: every page rendered once
            peak = wrk(base, flat, 15, 32)
            target = peak["rate"] * args.share
            connections = 16
            delay = max(1, int(connections * 1000 / target))
            paced = root / "paced.lua"
            paced.write_text(MIX % (quoted, f"delay = function() return {delay} end"))
            # The delay comes on top of each answer's time: measure the paced rate, correct once.
            tried = wrk(base, paced, 10, connections)["rate"]
            connections = max(1, round(connections * target / max(tried, 1)))
            print(
                f"maximum rate of the reader mix: {peak['rate']:,.0f} requests/s; soaking at "
                f"{args.share:.0%} (about {target:,.0f}/s: {connections} connections, "
                f"{delay} ms apart) for {args.minutes:g} minutes with the desk saving"
            )
            stop = threading.Event()
            desk = Desk(base, setup["token"], stop)
            desk.start()
            memory: list[dict[int, int]] = []
            load: dict = {}

            def sample() -> None:
                while not stop.is_set():
                    memory.append({pid: resident_kb(pid) for pid in server_pids(server.pid)})
                    stop.wait(10)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            load = wrk(base, paced, int(args.minutes * 60), connections)
            stop.set()
            desk.join(timeout=60)
            sampler.join(timeout=15)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(
        f"reader requests: {load['requests']:,} at {load['rate']:,.0f}/s; HTTP errors "
        f"{load['errors']}, socket errors {load['socket_errors']}"
    )
    print(
        f"desk: {desk.saves} saves, {desk.publishes} publishes, {len(desk.failures)} failed"
        + (f" (first: {desk.failures[0]})" if desk.failures else "")
    )
    warm = memory[min(6, len(memory) - 1)]  # after a minute
    for pid in warm:
        series = [sample.get(pid, 0) for sample in memory]
        print(
            f"process {pid}: resident memory after 1 min {warm[pid] / 1024:.1f} MB, "
            f"max {max(series) / 1024:.1f} MB, at the end {series[-1] / 1024:.1f} MB "
            f"({(series[-1] - warm[pid]) / max(warm[pid], 1):+.1%})"
        )
    clean = not (load["errors"] or load["socket_errors"] or desk.failures)
    print("zero errors" if clean else "ERRORS: see above")


if __name__ == "__main__":
    main()
