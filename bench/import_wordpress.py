"""Speed and peak memory of `warta import wordpress` against the size of the export.

For each size this writes an export (tests/importers/wxr_factory.py: original Indonesian posts,
every tenth with a photo of its own, and the photos' files in an uploads folder), then, in a
fresh process and data folder, migrates and imports it with --media-dir. It prints posts per
second and the child's peak resident memory for each size, and two ratios measured in the same
run, so a shared, noisy machine still gives a fair reading:

- memory: the largest export's peak over the smallest's (target <= 1.3: memory must not grow
  with the file);
- speed: import posts/s over the rate of merely reading the export (the parse baseline), which
  says how much of the time is Warta's own work (actions, revisions, search index, photos).

    .venv/bin/python bench/import_wordpress.py                    # 1,000 and 10,000 posts
    .venv/bin/python bench/import_wordpress.py --sizes 200,2000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (1_000, 10_000)
TARGET_RATIO = 1.3


def child(export: str, media: str) -> dict[str, float]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from warta.importers.media import MediaSource
    from warta.importers.wordpress import WordPressImport
    from warta.importers.wxr import Export

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    records = sum(1 for _record in Export(Path(export)))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    report = WordPressImport(Path(export), media=MediaSource(Path(media))).run()
    elapsed = time.perf_counter() - started
    return {
        "records": records,
        "parse": parse,
        "seconds": elapsed,
        "articles": report.count("article", "created"),
        "photos": report.count("photo", "created"),
        "failed": report.count("article", "failed"),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(size: int, folder: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from tests.importers import wxr_factory

    export = wxr_factory.write_large_export(folder / f"export-{size}.xml", size)
    media = wxr_factory.media_folder(folder, [1_000_000 + n for n in range(10, size + 1, 10)])
    env = {**os.environ, "WARTA_DATA_DIR": str(folder / f"data-{size}")}
    env.pop("WARTA_DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 - this interpreter, this file
        [sys.executable, __file__, "--child", str(export), str(media)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["size_mb"] = export.stat().st_size / 1024 / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--child", nargs=2, metavar=("EXPORT", "MEDIA"))
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(*options.child)))  # noqa: T201
        return
    sizes = [int(size) for size in options.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="warta-bench-import-") as folder:
        for size in sizes:
            results[size] = run(size, Path(folder))
            r = results[size]
            print(  # noqa: T201
                f"{size:>7} posts ({r['size_mb']:.1f} MB, {r['photos']:.0f} photos): "
                f"{r['articles'] / r['seconds']:.1f} posts/s, {r['seconds']:.1f} s, "
                f"parse alone {r['records'] / r['parse']:.0f} records/s, "
                f"peak {r['peak_mb']:.0f} MB, failed {r['failed']:.0f}"
            )
    small, large = results[sizes[0]], results[sizes[-1]]
    ratio = large["peak_mb"] / small["peak_mb"]
    verdict = "ok" if ratio <= TARGET_RATIO else "GROWS"
    print(f"memory ratio {sizes[-1]}/{sizes[0]}: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")  # noqa: T201
    speed = (large["articles"] / large["seconds"]) / (large["records"] / large["parse"])
    print(f"import speed / parse speed at {sizes[-1]}: {speed:.4f}")  # noqa: T201


if __name__ == "__main__":
    main()
