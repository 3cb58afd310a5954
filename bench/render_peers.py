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
    args = parser.parse_args()
    if args.plain_child:
        plain_child(args.plain_child)
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
        plain = subprocess.Popen(
            [sys.executable, __file__, "--plain-child", database],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

        def ask_plain(urls: list[str]) -> list[tuple[float, int]]:
            plain.stdin.write(json.dumps(urls) + "\n")
            plain.stdin.flush()
            return json.loads(plain.stdout.readline())

        warta = Warta()
        pages = {"article": mix, "home": ["/"] * HOME_SAMPLES}
        # One pass each to load code and templates, then the timed rounds.
        for urls in pages.values():
            ask_plain(urls[:5])
            warta.run(urls[:5], "change")
        results: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for number in range(args.rounds):
            for page, urls in pages.items():
                runs = [("plain", lambda u=urls: ask_plain(u))]
                runs += [
                    (mode, lambda u=urls, m=mode: warta.run(u, m)) for mode in ("change", "cold")
                ]
                if number % 2:
                    runs.reverse()
                for name, run in runs:
                    results.setdefault((page, name), []).extend(run())
            print(f"round {number + 1}/{args.rounds} done", flush=True)
        plain.stdin.close()
        plain.wait()
        page_render.drop_database("sqlite")

    report(results, args)


NAMES = {
    "plain": "plain Django news app",
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
            goal = (
                f"goal <= {GOAL}: {'ok' if ratio <= GOAL else 'over'}" if page == "article" else ""
            )
            print(f"ratio {NAMES[who]} / plain Django, {page} page: {ratio:.2f} {goal}")


if __name__ == "__main__":
    main()
