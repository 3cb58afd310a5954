"""The article page, HTML, CSS and JavaScript together, weighs at most 30 KB compressed."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def static_bytes(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/"))
    assert path, url
    with open(path, "rb") as handle:
        return handle.read()


def page_weight(client, url: str) -> dict[str, int]:
    html = client.get(url).content
    text = html.decode()
    weights = {"html": compressed(html)}
    for asset in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text):
        weights[asset] = compressed(static_bytes(asset))
    for asset in re.findall(r'<script src="([^"]+)"', text):
        weights[asset] = compressed(static_bytes(asset))
    return weights


def test_article_page_stays_within_30_kb_compressed(client, newsroom):
    for article in (newsroom.lead, newsroom.corrected):
        weights = page_weight(client, article.get_absolute_url())
        assert any(name.endswith(".css") for name in weights)
        assert any(name.endswith(".js") for name in weights)
        assert sum(weights.values()) <= BUDGET, weights


def test_article_page_loads_nothing_from_other_sites(client, newsroom):
    html = client.get(newsroom.lead.get_absolute_url()).content.decode()
    for tag in re.findall(r"<(?:link|script|img|source)\b[^>]*>", html):
        if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
            continue
        assert not re.search(r'(src|href|srcset)="(https?:)?//', tag), tag
