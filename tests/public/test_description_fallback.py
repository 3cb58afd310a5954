"""An article without a summary still describes itself: search engines, social cards, feeds
and structured data take its lead paragraph, and the desk warns the writer."""

import json
import re

import pytest

from warta.news import actions, revisions
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db

LEAD = "Warta - Hujan deras sejak sore membuat sungai di hulu meluap dan merendam dua desa."


@pytest.fixture
def bare(db):
    return make_article(
        "Sungai Meluap di Hulu", body=f"<p>{LEAD}</p><p>Paragraf kedua.</p>", summary=""
    )


def test_meta_social_and_structured_data_take_the_lead(client, bare):
    page = client.get(bare.get_absolute_url()).content.decode()
    for name in ('name="description"', 'property="og:description"', 'name="twitter:description"'):
        found = re.search(rf'<meta {name} content="([^"]*)"', page)
        assert found and found.group(1).startswith("Warta - Hujan deras"), name
    data = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    ]
    article = next(d for d in data if d.get("@type") == "NewsArticle")
    assert article["description"].startswith("Warta - Hujan deras")


def test_the_feed_item_takes_the_lead(client, bare):
    feed = client.get("/feed/").content.decode()
    assert "<description>Warta - Hujan deras" in feed


def test_the_desk_warns_about_an_empty_summary(client, bare):
    client.force_login(make_staff("redaktur", "editor"))
    page = client.get(f"/desk/berita/{bare.pk}/").content.decode()
    assert "Ringkasan masih kosong" in page
    data = {**revisions.snapshot(bare), "summary": "Dua desa terendam."}
    actions.save_article(bare, by=None, data=data, base_revision=bare.current_revision_id)
    assert "Ringkasan masih kosong" not in client.get(f"/desk/berita/{bare.pk}/").content.decode()
