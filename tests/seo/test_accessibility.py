"""axe-core, injected with Playwright into Debian's Chromium: no WCAG 2.1 A or AA violation on
any reader page type."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.seo.conftest import build_newsroom, page_urls

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_wcag_violations_on_any_page_type(transactional_db, new_context, device):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `make test-deps` (npm ci)")
    room = build_newsroom()
    # The site's CSP allows no inline script, which is how axe is injected.
    page = new_context(bypass_csp=True, **device).new_page()
    problems = []
    for name, url in page_urls(room).items():
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_A_AA
        )
        assert result["passes"], name  # axe ran and checked something
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name}: {violation['id']} ({violation['help']}) at {targets}")
    assert not problems, "\n".join(problems)
