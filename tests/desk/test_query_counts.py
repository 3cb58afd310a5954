"""Desk pages cost a fixed number of queries, whatever the size of the newsroom's archive:
a dashboard that grows a query per article gets slower every day the newsroom works."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.news import actions, revisions
from warta.test import make_article, make_image

pytestmark = pytest.mark.django_db

STATES = ["draft", "review", "published", "scheduled"]
# The role is worked out once per request (news.access.role_of), so these are what each page
# needs for its own content, plus one for the bell's count of unread notifications.
PAGES = {
    "/desk/": 18,  # seven lists of a few rows, each with its count; the bell's count
    "/desk/foto/": 6,
    "/desk/cari/?q=banjir": 16,
    "/desk/cari/?status=draft": 11,
    "/desk/audit/": 7,
    "/desk/beranda/": 8,
    "/desk/staf/": 6,
    "/desk/sinonim/": 5,
    "/desk/rubrik/": 6,
}
# The article editor (28 queries before the role was asked once; then the bell, its notes and
# the staff one can @mention) and its history (and the bell, and its notes).
EDITOR_BUDGET, HISTORY_BUDGET = 18, 9


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def grow(articles: int, editor) -> None:
    image = make_image()
    for n in range(articles):
        article = make_article(
            f"Berita ke-{n} tentang banjir di kota",
            status=STATES[n % len(STATES)],
            image=image,
            tags=[f"Tag {n % 3}"],
        )
        if article.status == "published" and n % 5 == 0:
            actions.correct_article(article, by=editor, kind="ralat", text="Angka diperbaiki.")


def test_desk_lists_stay_within_budget_and_do_not_grow(client, staff):
    client.force_login(staff["admin"])
    grow(4, staff["editor"])
    small = {url: count(client, url) for url in PAGES}
    grow(40, staff["editor"])
    large = {url: count(client, url) for url in PAGES}
    for url, limit in PAGES.items():
        assert small[url] <= limit, (url, small[url])
        assert large[url] <= small[url], (url, small[url], large[url])


def test_the_editor_and_history_do_not_grow_with_revisions(client, staff):
    client.force_login(staff["editor"])
    article = make_article("Berita yang sering disunting", status="draft")
    pages = [f"/desk/berita/{article.pk}/", f"/desk/berita/{article.pk}/riwayat/"]

    def save(times: int) -> None:
        for n in range(times):
            article.refresh_from_db()
            data = {**revisions.snapshot(article), "body": f"<p>Versi ke-{n}.</p>"}
            base = article.current_revision_id
            actions.save_article(article, by=staff["editor"], data=data, base_revision=base)

    save(2)
    few = [count(client, url) for url in pages]
    save(20)
    many = [count(client, url) for url in pages]
    assert many <= few, (few, many)
    assert many[0] <= EDITOR_BUDGET and many[1] <= HISTORY_BUDGET, many


def test_a_save_writes_the_article_row_once(staff):
    article = make_article("Berita yang disimpan", status="draft", tags=["Banjir"])
    data = {**revisions.snapshot(article), "body": "<p>Versi baru.</p>"}
    with CaptureQueriesContext(connection) as queries:
        actions.save_article(
            article, by=staff["editor"], data=data, base_revision=article.current_revision_id
        )
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "news_article"')]
    assert len(updates) == 1, updates
    assert len(queries) <= 20
