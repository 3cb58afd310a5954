"""Lighthouse 12 (npm), with Debian's Chromium on mobile settings, against `warta serve` with
the demo newsroom: home, section and article, the median of three runs each."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.servers import warta_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "lighthouse"
RUNS = 3
# Runs of one measurement when Lighthouse's tracing fails (see lighthouse()).
TRACE_ATTEMPTS = 3
# The bar: every anchor site measured here scored 99-100 on Performance.
THRESHOLDS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    if not LIGHTHOUSE.exists() or not CHROMIUM.exists() or not shutil.which("node"):
        pytest.skip(f"needs node, {CHROMIUM} and {LIGHTHOUSE}: run `make test-deps`")
    with warta_server(
        tmp_path_factory.mktemp("lighthouse"), prepare=("demo", "--no-serve")
    ) as base:
        yield base


def first_link(base: str, pattern: str) -> str:
    html = urllib.request.urlopen(base + "/", timeout=10).read().decode()  # noqa: S310 - loopback
    return re.search(pattern, html).group(1)


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run. Its own tracing sometimes fails on a loaded machine ("Runtime error
    encountered: ... Please run Lighthouse again", e.g. NO_NAVSTART): that run measured
    nothing, so it is run again, as Lighthouse asks; any other failure fails the test."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--quiet",
    ]
    for _attempt in range(TRACE_ATTEMPTS):
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=240,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        )
        if done.returncode == 0:
            return json.loads(report.read_text())
        if "Runtime error encountered" not in done.stderr:
            break
    raise AssertionError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")


def failing_audits(result: dict, category: str) -> list[str]:
    refs = result["categories"][category]["auditRefs"]
    return [
        f"{ref['id']}: {result['audits'][ref['id']].get('displayValue', '')} "
        f"(score {result['audits'][ref['id']]['score']})"
        for ref in refs
        if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1
    ]


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_lighthouse_scores(demo_server, page):
    if page == "home":
        url = demo_server + "/"
    elif page == "section":
        url = demo_server + first_link(demo_server, r'<li><a href="(/[a-z-]+/)">')
    else:
        url = demo_server + first_link(demo_server, r'<h3><a href="(/[a-z-]+/\d+/[^"]+/)">')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    results = [lighthouse(url, ARTIFACTS / f"{page}-{run}.json") for run in range(RUNS)]
    medians = {
        category: statistics.median(
            round(r["categories"][category]["score"] * 100) for r in results
        )
        for category in THRESHOLDS
    }
    (ARTIFACTS / f"{page}-median.json").write_text(json.dumps({"url": url, **medians}))
    print(f"lighthouse {page} {url}: {medians}")  # noqa: T201 - the note quotes these
    for category, minimum in THRESHOLDS.items():
        assert medians[category] >= minimum, (
            page,
            category,
            medians[category],
            failing_audits(results[0], category),
        )
