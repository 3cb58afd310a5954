"""Peak memory and time of the sitemaps against the size of the archive.

Sitemaps page through bounded queries (one month's articles, at most PAGE_SIZE of them a page),
so the memory a request needs is set by the page size, not by the archive. For each size this
builds a fresh SQLite database (articles spread over two years), then fetches the sitemap index,
the first page of the fullest month and the Google News sitemap with `django.test.Client`,
under tracemalloc, with the caches cleared. It prints each request's peak Python memory and
time, and the ratio of the largest archive's peaks to the second largest's (target <= 1.3: once
month pages are full, memory must stop growing).

    .venv/bin/python bench/sitemap_memory.py                        # 10k, 300k, 1M
    .venv/bin/python bench/sitemap_memory.py --sizes 10000,100000   # quicker

Each size runs in its own process and temporary data folder; `var/` is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta

DEFAULT_SIZES = (10_000, 300_000, 1_000_000)
SPAN = timedelta(days=730)
BATCH = 5_000
TARGET_RATIO = 1.3


def child(size: int) -> dict[str, object]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.utils import timezone

    from warta.news.models import Article, Section

    call_command("migrate", verbosity=0)
    sections = [Section.objects.create(name=f"Rubrik {i}", slug=f"rubrik-{i}") for i in range(10)]
    now = timezone.now()
    step = SPAN / size
    started = time.perf_counter()
    for first in range(0, size, BATCH):
        Article.objects.bulk_create(
            Article(
                headline=f"Berita arsip nomor {n}",
                slug=f"berita-arsip-{n}",
                section=sections[n % len(sections)],
                status=Article.Status.PUBLISHED,
                published_at=now - step * n,
                updated_at=now - step * n,
                body="<p>Isi.</p>",
            )
            for n in range(first, min(first + BATCH, size))
        )
    built = time.perf_counter() - started
    fullest = (
        Article.objects.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    month = timezone.localtime(fullest["month"])
    urls = {
        "index": "/sitemap.xml",
        "month page 1": f"/sitemap-articles-{month:%Y-%m}.xml",
        "news": "/sitemap-news.xml",
    }
    client = Client()
    results: dict[str, object] = {"size": size, "build_s": round(built, 1), "month": fullest["n"]}
    for name, url in urls.items():
        cache.clear()
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert response.status_code == 200, (url, response.status_code)
        results[name] = {
            "peak_mb": round(peak / 2**20, 1),
            "seconds": round(elapsed, 2),
            "urls": response.content.count(b"<loc>"),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as data:
            env = {**os.environ, "WARTA_DATA_DIR": data, "WARTA_SITE_URL": "https://warta.example"}
            for name in ("WARTA_DATABASE_URL", "WARTA_REDIS_URL"):
                env.pop(name, None)
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(f"{size:>9,} articles (built in {row['build_s']}s, fullest month {row['month']:,}):")
        for name in ("index", "month page 1", "news"):
            figures = row[name]
            print(
                f"    {name:<13} peak {figures['peak_mb']:>7} MB  "
                f"{figures['seconds']:>6} s  {figures['urls']:>6} URLs"
            )
    if len(rows) >= 2:
        last, before = rows[-1], rows[-2]
        worst = 0.0
        for name in ("index", "month page 1", "news"):
            ratio = last[name]["peak_mb"] / max(before[name]["peak_mb"], 0.1)
            worst = max(worst, ratio)
            print(f"peak memory {name}: {last['size']:,} / {before['size']:,} = {ratio:.2f}")
        verdict = "flat" if worst <= TARGET_RATIO else "GROWING"
        print(f"worst ratio {worst:.2f} (target <= {TARGET_RATIO}): {verdict}")


if __name__ == "__main__":
    main()
