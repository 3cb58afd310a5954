"""A tag's and a person's lastmod in their sitemaps is their newest publication, through every
change that can move it: a publication, an unpublication, a tag or byline taken off, a deletion,
two people merged."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.utils import timezone

from warta.lib import dates
from warta.news import actions, revisions
from warta.news.models import Article
from warta.test import make_article, make_person, make_section, make_staff

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def lastmods(client, name: str) -> dict[str, str]:
    """Each listed address's path and lastmod, as a crawler reads them."""
    cache.clear()
    response = client.get(f"/sitemap-{name}.xml")
    if response.status_code == 404:  # nothing left to list
        return {}
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    return {
        url.findtext(f"{SM}loc").split("://", 1)[1].partition("/")[2]: url.findtext(f"{SM}lastmod")
        for url in tree.iter(f"{SM}url")
    }


def tag(client, slug: str) -> str | None:
    return lastmods(client, "tags").get(f"tag/{slug}/")


def person(client, slug: str) -> str | None:
    return lastmods(client, "people").get(f"penulis/{slug}/")


def when(article: Article) -> str:
    return dates.iso(Article.objects.get(pk=article.pk).published_at)


@pytest.fixture
def desk():
    section = make_section("Nasional")
    rina, dimas = make_person("Rina Kusuma"), make_person("Dimas Pratama")
    now = timezone.now()

    def story(hours_ago: float, *, tags=("Banjir",), writers=None) -> Article:
        return make_article(
            section=section,
            tags=list(tags),
            writers=writers or [rina],
            published_at=now - timedelta(hours=hours_ago),
        )

    return {
        "story": story,
        "rina": rina,
        "dimas": dimas,
        "editor": make_staff("redaktur", "editor"),
    }


def edit(article: Article, by, **changes) -> None:
    article = Article.objects.get(pk=article.pk)
    data = {**revisions.snapshot(article), **changes}
    actions.save_article(article, by=by, data=data, base_revision=article.current_revision_id)


def test_a_publication_moves_the_lastmod_forward_and_an_older_one_does_not(client, desk):
    newer = desk["story"](1)
    assert tag(client, "banjir") == when(newer)
    assert person(client, "rina-kusuma") == when(newer)
    desk["story"](5)  # an archive story published now, dated earlier
    assert tag(client, "banjir") == when(newer)
    assert person(client, "rina-kusuma") == when(newer)


def test_the_newest_story_leaving_brings_back_the_one_before(client, desk):
    older, newer = desk["story"](3), desk["story"](1)
    actions.unpublish_article(newer, by=desk["editor"], reason="Ditarik")
    assert tag(client, "banjir") == when(older)
    assert person(client, "rina-kusuma") == when(older)
    actions.publish_article(Article.objects.get(pk=newer.pk), by=desk["editor"], at=None)
    assert tag(client, "banjir") == when(newer)


def test_a_tag_or_byline_taken_off_the_newest_story(client, desk):
    older, newer = desk["story"](3), desk["story"](1)
    edit(newer, desk["editor"], tags=["Cuaca"], writers=[desk["dimas"].pk])
    assert tag(client, "banjir") == when(older)
    assert tag(client, "cuaca") == when(newer)
    assert person(client, "rina-kusuma") == when(older)
    assert person(client, "dimas-pratama") == when(newer)


def test_a_story_deleted_or_taken_down(client, desk):
    older, newer = desk["story"](3), desk["story"](1)
    boss = make_staff("pemred", "editor")
    boss.is_superuser = True
    boss.save()
    actions.delete_article(Article.objects.get(pk=newer.pk), by=boss)
    assert tag(client, "banjir") == when(older)
    actions.take_down_article(
        Article.objects.get(pk=older.pk), by=boss, reason="trauma", text="Melindungi korban."
    )
    assert tag(client, "banjir") is None
    assert person(client, "rina-kusuma") is None


def test_two_people_merged_keep_the_newest_of_both(client, desk):
    desk["story"](3)
    newer = desk["story"](1, writers=[desk["dimas"]])
    actions.merge_people(keep=desk["rina"], gone=desk["dimas"], by=desk["editor"])
    assert person(client, "rina-kusuma") == when(newer)


def test_an_import_that_dates_the_newest_story_earlier(client, desk):
    older, newer = desk["story"](3), desk["story"](1)
    earlier = timezone.now() - timedelta(hours=6)
    actions.publish_article(Article.objects.get(pk=newer.pk), by=desk["editor"], at=earlier)
    assert tag(client, "banjir") == when(older)


def test_an_archive_from_before_gets_its_dates_when_migrated(client, desk):
    from importlib import import_module

    from django.apps import apps

    from warta.news.models import Person, Tag

    newer = desk["story"](1)
    desk["story"](3)
    Tag.objects.update(last_published_at=None)
    Person.objects.update(last_published_at=None)
    import_module("warta.news.migrations.0017_listing_dates").fill(apps, None)
    assert tag(client, "banjir") == person(client, "rina-kusuma") == when(newer)
