"""Every ratio issue 11 asks for that a benchmark here measures, from one run: each benchmark
below starts its own servers and baseline, and this script runs them one after another and
gathers the lines that carry their ratios and goals at the end.

    .venv/bin/python bench/issue11.py            # about 15 minutes on two cores
    .venv/bin/python bench/issue11.py --quick    # shorter rounds, for a look

Not here: the 1,000,000-article run on PostgreSQL (page_render.py --db postgres --sizes
1000,1000000 --no-search), which takes longer than all of these together.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# (script, its arguments for a full run, for a quick one)
BENCHMARKS = [
    ("render_peers.py", [], ["--size", "2000", "--rounds", "2"]),
    ("hit_server.py", [], ["--duration", "4", "--rounds", "1"]),
    ("edge.py", [], ["--duration", "4", "--rounds", "1"]),
    ("invalidation.py", [], ["--minutes", "3"]),
    ("file_cache_write.py", [], []),
]
# The lines a benchmark prints that carry a ratio, a goal or a verdict.
SUMMARY = re.compile(
    r"ratio|goal|target|hit rate|baseline|publish to visible|Django|Warta|nginx|^\s+[\d,]+\s"
    r"|^(article|home) ",
    re.IGNORECASE,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args()
    gathered: list[tuple[str, list[str]]] = []
    failed = []
    for script, full, quick in BENCHMARKS:
        print(f"== {script}", flush=True)
        done = subprocess.run(
            [sys.executable, str(ROOT / script), *(quick if args.quick else full)],
            capture_output=True,
            text=True,
        )
        print(done.stdout, end="", flush=True)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            failed.append(script)
            continue
        gathered.append(
            (script, [line for line in done.stdout.splitlines() if SUMMARY.search(line)])
        )
    print("\n== issue 11, one run")
    for script, lines in gathered:
        print(f"{script}:")
        for line in lines:
            print(f"  {line.strip()}")
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
