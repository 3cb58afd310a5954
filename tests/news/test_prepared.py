"""news.prepared: a queryset compiled once gives what the queryset itself gives, with the values
of each call, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.news import access
from warta.news.models import Article, ArticleWriter, Tag
from warta.news.prepared import STAND_IN_ID, Prepared
from warta.test import make_article, make_image, make_person, make_section, make_topic

pytestmark = pytest.mark.django_db

RELATED = ("section", "hero_image", "editor", "topic")


def fields_of(instance) -> dict:
    if instance is None:
        return {}
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def same_article(prepared: Article, expected: Article) -> None:
    assert fields_of(prepared) == fields_of(expected)
    assert prepared._state.adding is False and prepared._state.db == expected._state.db
    for name in RELATED:
        assert fields_of(getattr(prepared, name)) == fields_of(getattr(expected, name))
    assert fields_of(prepared.section.parent) == fields_of(expected.section.parent)
    if expected.hero_image is not None:
        assert fields_of(prepared.hero_image.photographer) == fields_of(
            expected.hero_image.photographer
        )
    assert prepared.has_corrections == expected.has_corrections
    assert prepared.verifies_earlier == expected.verifies_earlier


@pytest.fixture
def stories():
    photographer = make_person("Yusuf Hamdani", roles=["fotografer"])
    editor = make_person("Maya Lestari", roles=["editor"])
    full = make_article(
        "Latihan gabungan di perbatasan berlanjut",
        section=make_section("Asia", parent=make_section("Internasional")),
        writers=[make_person("Rina Kusuma"), make_person("Dimas Pratama")],
        editor=editor,
        image=make_image(photographer=photographer),
        topic=make_topic(),
        tags=["Militer", "Semenanjung Korea"],
    )
    bare = make_article("Warga membersihkan saluran air", section=make_section("Nasional"))
    return full, bare


def test_the_article_page_reads_what_the_queryset_reads(stories):
    now = timezone.now()
    for story in stories:
        expected = access._page_article(story.pk).published(now).get()
        found = access._published_article(pk=story.pk, now=now)
        assert len(found) == 1
        same_article(found[0], expected)
        # Nothing was left to a query of its own: the joins came with the row.
        with CaptureQueriesContext(connection) as queries:
            same_article(found[0], expected)
        assert len(queries) == 0


def test_byline_and_tags_in_their_order(stories):
    full, _bare = stories
    byline = access._byline(pk=full.pk)
    assert [writer.person.name for writer in byline] == ["Rina Kusuma", "Dimas Pratama"]
    assert [(w.pk, w.position) for w in byline] == list(
        ArticleWriter.objects.filter(article=full)
        .order_by("position")
        .values_list("pk", "position")
    )
    assert {tag.name for tag in access._tags(pk=full.pk)} == {"Militer", "Semenanjung Korea"}
    assert access._tags(pk=_bare.pk) == []


def test_each_call_uses_its_own_moment(stories):
    """The moment is a value of the call, not of the compilation: a story dated ahead of
    one call's moment is hidden from that call and shown to a later one."""
    full, _bare = stories
    at = full.published_at
    assert access._published_article(pk=full.pk, now=at - timedelta(seconds=1)) == []
    assert [a.pk for a in access._published_article(pk=full.pk, now=at)] == [full.pk]
    assert access._published_article(pk=full.pk, now=at - timedelta(days=1)) == []


def test_compiled_once_and_one_query_a_call(stories):
    full, bare = stories
    built = []

    def build(pk):
        built.append(pk)
        return Tag.objects.filter(articles=pk)

    tags = Prepared(Tag, build, pk=STAND_IN_ID)
    for story in (full, bare, full):
        with CaptureQueriesContext(connection) as queries:
            found = tags(pk=story.pk)
        assert len(queries) == 1
        assert {tag.pk for tag in found} == set(story.tags.values_list("pk", flat=True))
    assert built == [STAND_IN_ID]


def test_a_value_the_query_does_not_hold_is_refused():
    never = Prepared(Tag, lambda pk: Tag.objects.all(), pk=STAND_IN_ID)
    with pytest.raises(ValueError, match="stand-ins"):
        never(pk=1)


def test_an_id_beyond_what_the_database_holds_matches_nothing(stories):
    """As Django's own lookups answer it, instead of the driver's overflow error."""
    assert access._published_article(pk=9 * 10**39, now=timezone.now()) == []
    assert access._tags(pk=-(2**70)) == []
