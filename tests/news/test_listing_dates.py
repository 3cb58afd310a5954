"""Three editors publishing and unpublishing at once stories that share tags and a writer: none
fails (the tags they make at the same moment are made once, in one order, where opposite orders
deadlocked; the tags' and person's rows are updated in each change's transaction), and every
kept newest publication is what the articles say."""

import json
import threading

import pytest
from django.db import connection
from django.db.models import Max, Q

from tests.sqlite_file import writers_at_once
from warta.news import actions
from warta.news.models import Article, Person, Tag

pytestmark = pytest.mark.django_db(transaction=True)

TAGS = ["Banjir", "Gempa", "Longsor"]
STORIES = 24


def publish(first: int) -> None:
    """One editor's share of the stories, each newer than the one before, with the tags in
    another order; every fourth is unpublished again, the newest of all among them."""
    from datetime import timedelta

    from django.utils import timezone

    from warta.news.models import Section
    from warta.test import make_article

    section = Section.objects.get(slug="nasional")
    writer = Person.objects.get(slug="rina-kusuma")
    start = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    for number in range(first, STORIES, 3):
        tags = TAGS[number % 3 :] + TAGS[: number % 3]
        story = make_article(
            f"Berita serentak {number}",
            section=section,
            tags=tags,
            writers=[writer],
            published_at=start + timedelta(minutes=number),
        )
        if number % 4 == 3:
            actions.unpublish_article(story, by=None, reason="Uji serentak")


SETUP = """
from warta.test import make_person, make_section
make_section("Nasional")
make_person("Rina Kusuma")
"""

CHECK = """
import json
from tests.news.test_listing_dates import kept_and_true
print(json.dumps(kept_and_true()))
"""


def kept_and_true() -> list[tuple]:
    """Each tag's and person's kept date beside the one its articles give."""
    published = Q(articles__status=Article.Status.PUBLISHED)
    true = Max("articles__published_at", filter=published)
    tags, people = Tag.objects.annotate(true=true), Person.objects.annotate(true=true)
    return [
        (row.name, str(row.last_published_at), str(row.true))
        for rows in (tags.order_by("name"), people.order_by("name"))
        for row in rows
    ]


def test_editors_publishing_at_once_keep_every_date_right(tmp_path):
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, which locks whole tables; the newsroom's is a
        # file shared by processes, so that is what is tested.
        return _three_processes_on_a_sqlite_file(tmp_path)
    from warta.test import make_person, make_section

    make_section("Nasional")
    make_person("Rina Kusuma")
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def editor(first: int) -> None:
        try:
            start.wait()
            publish(first)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(first,)) for first in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    rows = kept_and_true()
    assert len(rows) == len(TAGS) + 1
    assert all(kept == true for _name, kept, true in rows), rows


def _three_processes_on_a_sqlite_file(tmp_path) -> None:
    found = writers_at_once(
        tmp_path,
        setup=SETUP,
        writers=[
            f"from tests.news.test_listing_dates import publish; publish({first})"
            for first in range(3)
        ],
        report=CHECK,
    )
    rows = json.loads(found.strip().splitlines()[-1])
    assert len(rows) == len(TAGS) + 1
    assert all(kept == true for _name, kept, true in rows), rows
