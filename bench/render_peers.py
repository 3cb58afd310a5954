"""Warta's uncached render time beside a plain Django news app's, on the same data, in one run.

The plain app (bench/plain_news) reads Warta's tables with unmanaged models and renders the
same parts of the article and home pages with no caching at all: what issue 11 calls "a plain
Django news view". Both are timed in-process with django.test.Client, each in its own process
with its own settings, in alternating rounds on the same database file, so the machine's noise
falls on both.

Warta is timed two ways:
- "after a change": only the page's own freshness key moved (an edit to the article for the
  article page; a publish for the home page), as readers meet a page after a newsroom's change;
  what does not depend on that change stays cached (navigation, site settings, list cards).
- "cold": Django's whole cache emptied before each request, as after a restart.

    .venv/bin/python bench/render_peers.py                  # 10,000 articles on SQLite
    .venv/bin/python bench/render_peers.py --size 1000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

GOAL = 1.5  # issue 11: Warta's uncached article at most 1.5x the plain view's time
HOME_SAMPLES = 20


def timed(client, url: str, before=None) -> tuple[float, int]:
    """Milliseconds for one request and its query count; `before` runs outside the timing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is not None:
        before()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return elapsed, len(captured.captured_queries)


def plain_child(database: str) -> None:
    """The plain app's process: renders what the parent asks, one JSON line of timings back."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.plain_news.settings"
    os.environ["PLAIN_NEWS_DATABASE"] = database
    django.setup()
    from django.test import Client

    client = Client()
    for line in sys.stdin:
        urls = json.loads(line)
        answers = [timed(client, url) for url in urls]
        print(json.dumps(answers), flush=True)


def wagtail_child(database: str) -> None:
    """The Wagtail site's process (in var/wagtail-venv): imports the articles, then renders
    what the parent asks, reading Warta's addresses as the same articles' Wagtail pages."""
    import re

    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.wagtail_news.settings"
    os.environ["WAGTAIL_NEWS_DATA"] = str(Path(database).parent)
    django.setup()
    from django.test import Client

    from bench.wagtail_news.load import load
    from bench.wagtail_news.models import ArticlePage

    started = time.perf_counter()
    load(database)
    print(json.dumps({"loaded_s": time.perf_counter() - started}), flush=True)
    client = Client()
    article = re.compile(r"^/[^/]+/(\d+)/")
    pages = {page.warta_pk: page.url for page in ArticlePage.objects.live()}

    def address(url: str) -> str:
        found = article.match(url)
        return pages[int(found.group(1))] if found else url

    for line in sys.stdin:
        urls = [address(url) for url in json.loads(line)]
        print(json.dumps([timed(client, url) for url in urls]), flush=True)


class Peer:
    """Another app in a process of its own, timing the addresses it is sent."""

    def __init__(self, python: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [python, __file__, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def ask(self, urls: list[str]) -> list[tuple[float, int]]:
        self.process.stdin.write(json.dumps(urls) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


WAGTAIL = "wagtail==8.0.1"


def wagtail_python() -> str:
    """The Python of var/wagtail-venv, made and given Wagtail the first time."""
    venv = ROOT / "var" / "wagtail-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    found = subprocess.run([str(python), "-c", "import wagtail"], capture_output=True)
    if found.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", WAGTAIL], check=True)
    return str(python)


class Warta:
    """Warta in this process, on the benchmark's database."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    @staticmethod
    def making_stale(url: str, mode: str):
        """What runs before each timed request: the page's own key moved, or the cache emptied."""
        from django.core.cache import cache
        from django.urls import resolve

        from warta.news import freshness

        if mode == "cold":
            return cache.clear
        match = resolve(url)
        keys = {f"article:{match.kwargs['pk']}"} if "pk" in match.kwargs else {freshness.CONTENT}
        return lambda: freshness.bump(keys)

    def run(self, urls: list[str], mode: str) -> list[tuple[float, int]]:
        if mode == "change":
            # As on a live site, the cache holds what the last renders stored (the cold runs
            # between these ones empty it).
            for url in urls:
                self.client.get(url)
        return [timed(self.client, url, self.making_stale(url, mode)) for url in urls]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles (10,000)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (5)")
    parser.add_argument("--plain-child", help=argparse.SUPPRESS)
    parser.add_argument("--wagtail-child", help=argparse.SUPPRESS)
    parser.add_argument("--no-wagtail", action="store_true", help="leave Wagtail out")
    args = parser.parse_args()
    if args.plain_child:
        plain_child(args.plain_child)
        return
    if args.wagtail_child:
        wagtail_child(args.wagtail_child)
        return

    import page_render

    with tempfile.TemporaryDirectory(prefix="warta-peers-") as folder:
        data = Path(folder)
        page_render.setup_django("sqlite", data)
        page_render.reset_database("sqlite", data)
        rng = random.Random(args.size)
        print(f"Filling {args.size:,} articles...", flush=True)
        stories = page_render.fill(args.size, rng, lambda count: None)
        mix = page_render.pick_mix(stories, rng)
        del stories
        database = str(data / "bench.sqlite3")
        peers = {"plain": Peer(sys.executable, "--plain-child", database)}
        if not args.no_wagtail:
            print("Copying them into Wagtail (var/wagtail-venv)...", flush=True)
            peers["wagtail"] = Peer(wagtail_python(), "--wagtail-child", database)
            loaded = json.loads(peers["wagtail"].process.stdout.readline())
            print(f"  in {loaded['loaded_s']:.0f} s", flush=True)

        warta = Warta()
        pages = {"article": mix, "home": ["/"] * HOME_SAMPLES}
        # One pass each to load code and templates (and Wagtail's image renditions, made once
        # per photo and size on a live site), then the timed rounds.
        for urls in pages.values():
            for peer in peers.values():
                peer.ask(urls)
            warta.run(urls[:5], "change")
        results: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for number in range(args.rounds):
            for page, urls in pages.items():
                runs = [(name, lambda u=urls, p=peer: p.ask(u)) for name, peer in peers.items()]
                runs += [
                    (mode, lambda u=urls, m=mode: warta.run(u, m)) for mode in ("change", "cold")
                ]
                if number % 2:
                    runs.reverse()
                for name, run in runs:
                    results.setdefault((page, name), []).extend(run())
            print(f"round {number + 1}/{args.rounds} done", flush=True)
        for peer in peers.values():
            peer.close()
        page_render.drop_database("sqlite")

    report(results, args)


NAMES = {
    "plain": "plain Django news app",
    "wagtail": "Wagtail 8 news site",
    "change": "Warta, after a change",
    "cold": "Warta, cold cache",
}


def report(results: dict[tuple[str, str], list[tuple[float, int]]], args) -> None:
    print(f"\n{args.size:,} articles, SQLite, django.test.Client, {args.rounds} alternating rounds")
    print(f"{'page':8} {'who':24} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    medians = {}
    for (page, who), samples in results.items():
        times = [ms for ms, _ in samples]
        counts = sorted({count for _, count in samples})
        medians[page, who] = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        shown = f"{counts[0]}-{counts[-1]}" if len(counts) > 1 else str(counts[0])
        print(f"{page:8} {NAMES[who]:24} {medians[page, who]:10.2f} {p90:8.2f} {shown:>8}")
    print()
    for page in ("article", "home"):
        for who in ("change", "cold"):
            ratio = medians[page, who] / medians[page, "plain"]
            goal = f"goal <= {GOAL}: {_verdict(ratio <= GOAL)}" if page == "article" else ""
            print(f"ratio {NAMES[who]} / plain Django, {page} page: {ratio:.2f} {goal}")
    if ("article", "wagtail") not in medians:
        return
    # One render at a time on one core: time per render is what bounds throughput.
    for page in ("article", "home"):
        for who in ("change", "cold"):
            times = medians[page, "wagtail"] / medians[page, who]
            goal = WAGTAIL_GOALS[page]
            print(
                f"ratio Wagtail time / {NAMES[who]}, {page} page: {times:.2f} "
                f"(Warta renders per Wagtail render; goal >= {goal}: {_verdict(times >= goal)})"
            )


WAGTAIL_GOALS = {"article": 4, "home": 8}


def _verdict(ok: bool) -> str:
    return "ok" if ok else "not met"


if __name__ == "__main__":
    main()
