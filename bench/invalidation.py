"""Cache hit rate of reader pages while an editor publishes once a minute.

A reader load (article pages, most of them the newest and most read, and the home, section
and tag pages) is replayed against one newsroom twice in the same run: once with every change
emptying the whole page cache (the old content generation, the baseline) and once with
surrogate keys (news.freshness), where a publish makes stale only the pages that show the new
article. Every page is requested once before the replay, as on a site that has been running;
then a request is a hit when it costs no SQL query. It prints both hit rates, the ratio of
misses, and where the misses were.

    .venv/bin/python bench/invalidation.py                         # 10 minutes at 25 requests/s
    .venv/bin/python bench/invalidation.py --minutes 4 --rate 10   # quicker
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("Nasional", "Internasional", "Ekonomi", "Olahraga", "Teknologi", "Hiburan")
TAGS = [f"Topik {n}" for n in range(40)]
TARGET_HIT_RATE = 0.95


def setup(articles: int, drafts: int) -> tuple[list, list]:
    os.environ["WARTA_DATA_DIR"] = tempfile.mkdtemp(prefix="warta-bench-invalidation-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    for name in ("WARTA_REDIS_URL", "WARTA_DEBUG", "WARTA_DATABASE_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from warta.test import make_article, make_section

    call_command("migrate", verbosity=0)
    # DEBUG is off, as in production, so {% static %} needs the manifest collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(7)
    sections = [make_section(name, order=i) for i, name in enumerate(SECTIONS)]

    def story(n: int, status: str):
        return make_article(
            f"Berita uji nomor {n} tentang kota {n % 37}",
            section=sections[n % len(sections)],
            tags=rng.sample(TAGS, 2),
            status=status,
        )

    live = [story(n, "published") for n in range(articles)]
    waiting = [story(articles + n, "draft") for n in range(drafts)]
    return live, waiting


def requests(live: list, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, url): articles by a Zipf-like popularity (the newest read most), and lists."""
    newest = list(reversed(live))
    weights = [1 / (rank + 1) for rank in range(len(newest))]
    urls = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.10:
            urls.append(("home", "/"))
        elif roll < 0.20:
            urls.append(("section", f"/{rng.choice(SECTIONS).lower()}/"))
        elif roll < 0.25:
            urls.append(("tag", f"/tag/{rng.choice(TAGS).lower().replace(' ', '-')}/"))
        else:
            article = rng.choices(newest, weights)[0]
            urls.append(("article", article.get_absolute_url()))
    return urls


def replay(urls: list[tuple[str, str]], drafts: list, every: int) -> tuple[int, Counter]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from warta.news import actions

    cache.clear()
    client = Client()
    for url in {url for _kind, url in urls}:  # a warm cache, as a running site has
        client.get(url)
    hits, misses = 0, Counter()
    pending = list(drafts)
    for number, (kind, url) in enumerate(urls, start=1):
        if number % every == 0 and pending:
            actions.publish_article(pending.pop(0), by=None)  # the editor's minute
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        if len(queries) == 0:
            hits += 1
        else:
            misses[kind] += 1
    return hits, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--rate", type=int, default=25, help="reader requests per second")
    parser.add_argument("--articles", type=int, default=600)
    options = parser.parse_args()
    per_minute = options.rate * 60
    total = per_minute * options.minutes
    live, waiting = setup(options.articles, drafts=2 * options.minutes + 2)
    urls = requests(live, total, random.Random(11))

    from warta.news import freshness

    keyed = freshness.bump
    # The baseline: every change empties the whole page cache, as the content generation did.
    freshness.bump = lambda keys=(freshness.ALL,): keyed({freshness.ALL})  # type: ignore[assignment]
    base_hits, base_misses = replay(urls, waiting[: options.minutes], per_minute)
    freshness.bump = keyed
    hits, misses = replay(urls, waiting[options.minutes :], per_minute)

    print(
        f"{total:,} reader requests over {options.minutes} simulated minutes "
        f"({options.rate}/s), one publish a minute, {options.articles} articles"
    )
    for name, found, missed in (
        ("one content generation (baseline)", base_hits, base_misses),
        ("surrogate keys", hits, misses),
    ):
        where = ", ".join(f"{kind} {count}" for kind, count in missed.most_common())
        print(f"  {name:34} hit rate {found / total:6.1%}   misses: {where}")
    ratio = (total - hits) / max(1, total - base_hits)
    print(f"  misses with surrogate keys / baseline: {ratio:.2f}")
    verdict = "holds" if hits / total >= TARGET_HIT_RATE else "does NOT hold"
    print(f"  target hit rate >= {TARGET_HIT_RATE:.0%}: {verdict}")


if __name__ == "__main__":
    main()
