"""No text a writer types can break a page.

Hypothesis pushes arbitrary text (regex escapes, backslashes, markup, entities, control and
astral characters) through every text field of an article, through news.actions as the desk,
the API and importers do, then renders every reader page that shows it, the feeds, the
JSON-LD, the staff preview and the editor. 60 examples per run, plus the case found in the
wild: a dateline city with a backslash.
"""

import json
import re
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.news import actions
from warta.test import make_section, make_staff

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        "\\",
        "\\1",
        "\\g<0>",
        "\\Selatan",
        "$1",
        "<p>",
        "</p>",
        "&amp;",
        "&#0;",
        "\x00",  # PostgreSQL cannot store it: it must never reach the database
        "]]>",
        "{{ x }}",
        "{% if %}",
        "\u202e",
        "\U0001f642",
        "'\"",
        "<script>",
    ]
)
TEXT = st.lists(
    st.one_of(NASTY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)),
    max_size=6,
).map("".join)
FIELDS = ("headline", "kicker", "summary", "dateline_city", "seo_title", "seo_description")


def publish(by, **fields):
    data = {
        "headline": "Judul",
        "slug": "",
        "section": make_section("Nasional").pk,
        "writers": [],
        "tags": [],
        "body": "<p>Isi berita.</p>",
        **fields,
    }
    article = actions.create_article(by=by, data=data)
    return actions.publish_article(article, by=by)


def check_every_output(client, article):
    pages = [
        "/",
        "/nasional/",
        article.get_absolute_url(),
        "/indeks/",
        "/cari/?q=judul",
        f"/desk/berita/{article.pk}/",
        f"/desk/berita/{article.pk}/pratinjau/",
        f"/desk/berita/{article.pk}/riwayat/",
    ]
    for path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
    page = client.get(article.get_absolute_url(), follow=True).content.decode()
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        json.loads(block)
    for path in ("/feed/", "/feed/atom/", "/nasional/feed/"):
        ElementTree.fromstring(client.get(path).content)  # noqa: S314 - our own output
    json.loads(client.get("/feed.json").content)


def test_a_dateline_with_a_backslash_publishes_and_renders(client):
    editor = make_staff("redaktur", "editor")
    client.force_login(editor)
    article = publish(editor, dateline_city="Jakarta\\Selatan", headline="Judul")
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "JAKARTA\\SELATAN, Warta" in page.content.decode()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.fixed_dictionaries(dict.fromkeys(FIELDS, TEXT)), body=TEXT, tag=TEXT)
def test_arbitrary_text_in_every_field_renders_everywhere(client, values, body, tag):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.filter(username="redaktur").first() or make_staff(
        "redaktur", "editor"
    )
    client.force_login(editor)
    values["headline"] = f"Judul {values['headline']}"  # a headline needs words (tested below)
    article = publish(editor, body=f"<p>{body}</p>", tags=[tag], **values)
    check_every_output(client, article)


@pytest.mark.parametrize("headline", ["", "   ", "<script></script>", "&lt;b&gt;&lt;/b&gt;"])
def test_a_headline_without_words_is_refused_and_nothing_is_saved(headline):
    from warta.news.models import Article

    with pytest.raises(ValueError, match="headline"):
        publish(None, headline=headline)
    assert not Article.objects.exists()
