"""What a page-cache hit costs inside Warta, with the page compressed and given its ETag once
at render time, against a hit that is compressed and hashed again on every request (the
baseline: how hits were served before), in the same run.

Both go through the whole middleware stack with `django.test.Client` and ask for gzip, as
browsers do; the baseline stores the page without its compressed copy and validator, so
Django's GZipMiddleware and ConditionalGetMiddleware do that work per request. It prints
microseconds per hit (median of rounds) for the article page and the home page, and the ratio.

    .venv/bin/python bench/cache_hit.py
    .venv/bin/python bench/cache_hit.py --hits 500 --rounds 3   # quicker
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> dict[str, str]:
    os.environ["WARTA_DATA_DIR"] = tempfile.mkdtemp(prefix="warta-bench-hit-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    for name in ("WARTA_REDIS_URL", "WARTA_DEBUG", "WARTA_DATABASE_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from warta.test import make_article, make_image, make_section

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    section = make_section("Nasional")
    image = make_image()
    body = "".join(
        f"<p>Paragraf {n} berita uji tentang banjir di pesisir utara.</p>" for n in range(12)
    )
    stories = [
        make_article(section=section, image=image, body=body, tags=["Banjir"]) for _ in range(30)
    ]
    return {"article": stories[0].get_absolute_url(), "home": "/"}


def per_hit(url: str, hits: int, rounds: int) -> float:
    from django.test import Client

    client = Client()
    client.get(url, headers={"accept-encoding": "gzip"})  # rendered and stored
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(hits):
            client.get(url, headers={"accept-encoding": "gzip"})
        timings.append((time.perf_counter() - started) / hits * 1e6)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    urls = setup()

    from django.core.cache import cache
    from django.http import HttpResponse

    from warta.public import cache as page_cache

    stored = page_cache.StoredPage.response

    def baseline(self: page_cache.StoredPage, request: object) -> HttpResponse:
        """The page as hits were served before: no compressed copy, no validator."""
        return HttpResponse(self.content, content_type=self.content_type)

    results = {}
    for mode in ("baseline", "precompressed"):
        page_cache.StoredPage.response = baseline if mode == "baseline" else stored  # type: ignore[method-assign]
        for name, url in urls.items():
            cache.clear()
            results[(mode, name)] = per_hit(url, options.hits, options.rounds)
    print(f"page-cache hit, gzip asked, {options.hits} hits x {options.rounds} rounds (median)")
    for name in urls:
        before, after = results[("baseline", name)], results[("precompressed", name)]
        print(
            f"  {name:8} compressed per hit {before:7.0f} µs   stored compressed {after:7.0f} µs"
            f"   ratio {after / before:.2f}"
        )


if __name__ == "__main__":
    main()
