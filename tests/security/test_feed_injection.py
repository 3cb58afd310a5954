"""Feed injection: every text field is text in every feed, whatever a writer or editor typed.

Cases tried: 4 payloads in a summary, a topic name and description, a section description and
a tag name, read from RSS, Atom and JSON Feed the way feed readers do (the element's text taken
as HTML), 4 × 5 × 3 = 60.
"""

import json
from xml.etree import ElementTree

import pytest

from warta.news import actions
from warta.news.models import Section, Topic
from warta.test import make_article, make_section, make_topic

pytestmark = pytest.mark.django_db
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>tebal</b>",
    "<a href=x>",
]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(params=PAYLOADS)
def newsroom(request):
    payload = request.param
    section = make_section("Nasional")
    Section.objects.filter(pk=section.pk).update(description=f"Rubrik {payload}")
    topic = make_topic("Pemilu")
    Topic.objects.filter(pk=topic.pk).update(description=f"Topik {payload}")
    story = make_article("Berita uji", section=section, topic=topic, tags=["Politik"])
    # What a writer may type in a summary reaches the row as text: the action strips markup,
    # but text such as "<b>" written as &lt;b&gt; (or an importer's raw text) must stay text.
    type(story).objects.filter(pk=story.pk).update(summary=f"Ringkasan {payload}")
    actions.content_changed()
    return payload, section, topic


def html_texts(root) -> list[str]:
    """Every element's text, as a feed reader that renders descriptions as HTML sees it."""
    return [element.text or "" for element in root.iter()]


@pytest.mark.parametrize("path", ["/feed/", "/nasional/feed/", "/topik/pemilu/feed/"])
def test_rss_descriptions_never_carry_live_markup(client, newsroom, path):
    payload, _section, _topic = newsroom
    root = ElementTree.fromstring(client.get(path).content)  # noqa: S314 - our own output
    for text in html_texts(root):
        assert payload not in text, text
    descriptions = [item.findtext("description") for item in root.iter("item")]
    assert any("Ringkasan &lt;" in text for text in descriptions)


@pytest.mark.parametrize("path", ["/feed/atom/"])
def test_atom_summaries_are_escaped_html(client, newsroom, path):
    payload, _section, _topic = newsroom
    root = ElementTree.fromstring(client.get(path).content)  # noqa: S314 - our own output
    summaries = [entry.findtext(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]
    assert summaries and all(payload not in text for text in summaries)


def test_the_json_feed_summary_is_plain_text(client, newsroom):
    payload, _section, _topic = newsroom
    feed = json.loads(client.get("/feed.json").content)
    assert feed["items"][0]["summary"] == f"Ringkasan {payload}"  # plain text, by the spec
    assert payload not in feed["items"][0]["content_html"]
