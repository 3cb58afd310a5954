"""Reader pages cost a fixed number of queries, whatever the size of the archive."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.news import actions
from warta.test import make_article, make_image, make_person, make_section, make_topic

pytestmark = pytest.mark.django_db

LIMITS = {
    "article": 10,  # with the earlier stories it verifies, and related news ranked on few columns
    "home": 12,
    "section": 12,
    "tag": 12,
    "topic": 12,
    "person": 12,
    "index": 12,
}


def build(extra: int):
    sections = [
        make_section(name, order=i)
        for i, name in enumerate(["Nasional", "Internasional", "Ekonomi", "Olahraga"])
    ]
    make_section("Sepak Bola", parent=sections[3])
    image = make_image()
    writers = [make_person("Rina Kusuma"), make_person("Dimas Pratama")]
    topic = make_topic()
    articles = [
        make_article(
            section=sections[i % 4],
            writers=writers,
            editor=writers[1],
            image=image,
            tags=[f"Tag {i % 5}", f"Tag {i % 7}"],
            topic=topic if i % 3 == 0 else None,
        )
        for i in range(extra)
    ]
    for article in articles[:5]:
        actions.record_article_view(article.pk)
    return articles[0]


def count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def urls(article) -> dict[str, str]:
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": "/olahraga/",
        "tag": "/tag/tag-1/",
        "topic": f"/topik/{article.topic.slug}/",
        "person": "/penulis/rina-kusuma/",
        "index": "/indeks/",
    }


def test_query_counts_stay_within_budget_and_do_not_grow(client):
    article = build(12)
    small = {name: count(client, url) for name, url in urls(article).items()}
    for _ in range(48):
        make_article(section=article.section, tags=["Tag 1"], topic=article.topic)
    large = {name: count(client, url) for name, url in urls(article).items()}
    for name, limit in LIMITS.items():
        assert small[name] <= limit, (name, small[name])
        assert large[name] <= small[name], (name, small[name], large[name])


def test_an_edited_article_costs_no_query_for_parts_it_does_not_have(
    client, django_capture_on_commit_callbacks
):
    """After an edit (what a newsroom does all day) the article page reads the article, its
    byline and tags, and chooses Berita Terkait again (its section and tags changed); the menu
    and the site's settings stay cached, and corrections and verified stories, which few
    articles have, cost no query when it has none."""
    article = build(12)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        actions.content_changed(article)  # its page, and the lists it is on, are now stale
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tables = [_main_table(query["sql"]) for query in queries]
    assert tables == [
        "news_article",  # the article, with its section, photo, editor and topic
        "news_articlewriter",
        "news_tag",
        "(union)",  # Berita Terkait: the candidates, a UNION of small lookups
        "news_article",  # their ranking columns
        "news_article",  # the chosen cards
    ], tables


def _main_table(sql: str) -> str:
    """The table after the statement's own FROM, not a subquery's, or "(union)"."""
    while (inner := re.sub(r"\([^()]*\)", "", sql)) != sql:
        sql = inner
    found = re.search(r' FROM "(\w+)"', sql)
    return found.group(1) if found and " UNION " not in sql else "(union)"


def test_the_home_page_after_a_publication_costs_three_queries(
    client, django_capture_on_commit_callbacks
):
    """Every publication makes the home page stale, so readers meet its render all day: one
    UNION of "newest N" lookups, the reads of the last 24 hours, and the articles they name."""
    article = build(12)
    assert client.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_article(section=article.section)
        actions.content_changed(fresh)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert fresh.headline in page
    tables = [_main_table(query["sql"]) for query in queries]
    assert tables == ["(union)", "news_articleview", "news_article"], tables
