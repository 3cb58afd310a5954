"""RSS 2.0, Atom and JSON Feed: parsed by feedparser, the reference reader, and checked by hand
for what no packaged validator checks (required elements, RFC 822 and RFC 3339 dates)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from warta.news import actions
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db

SITE = "https://warta.example"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def parse(client, url: str):
    feed = feedparser.parse(fetch(client, url))
    assert feed.bozo is False, (url, feed.get("bozo_exception"))
    return feed


def rss_tree(client, url: str) -> ElementTree.Element:
    return ElementTree.fromstring(fetch(client, url))  # noqa: S314 - our own output


def links(feed) -> list[str]:
    return [entry.link for entry in feed.entries]


def test_site_feed_lists_only_published_articles_newest_first(client, newsroom):
    feed = parse(client, "/feed/")
    assert feed.version == "rss20"
    assert links(feed) == [f"{SITE}{a.get_absolute_url()}" for a in newsroom.published]


def test_rss_channel_has_the_required_elements_and_a_self_link(client, newsroom):
    channel = rss_tree(client, "/feed/").find("channel")
    for name in ("title", "link", "description", "language", "lastBuildDate"):
        assert (channel.findtext(name) or "").strip(), name
    assert channel.findtext("link") == f"{SITE}/"
    assert channel.findtext("language") == "id"
    assert RFC822.match(channel.findtext("lastBuildDate"))
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self" and self_link.get("href") == f"{SITE}/feed/"


def test_rss_items_carry_every_field(client, newsroom):
    items = rss_tree(client, "/feed/").find("channel").findall("item")
    lead = items[0]
    url = f"{SITE}{newsroom.lead.get_absolute_url()}"
    assert lead.findtext("title") == newsroom.lead.headline
    assert lead.findtext("link") == url
    assert lead.find("guid").text == url and lead.find("guid").get("isPermaLink") == "true"
    assert lead.findtext("description") == newsroom.lead.summary
    assert [c.text for c in lead.findall("category")] == ["Asia Pasifik", "Korea Utara", "Militer"]
    assert [c.text for c in lead.findall("dc:creator", NS)] == ["Rina Kusuma", "Dimas Pratama"]
    for item in items:
        assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
        assert parsedate_to_datetime(item.findtext("pubDate")).utcoffset() == timedelta(hours=7)


def test_content_encoded_is_the_full_body_with_absolute_urls(client, newsroom):
    lead = rss_tree(client, "/feed/").find("channel/item")
    body = lead.findtext("content:encoded", namespaces=NS)
    assert '<a href="https://warta.example/nasional/" rel="noopener">' in body
    assert 'src="https://warta.example/media/renditions/1/v1/16x9-800.jpg"' in body
    assert "https://warta.example/media/renditions/1/v1/16x9-480.jpg 480w" in body
    assert not re.search(r'(src|href|srcset)="/', body)
    assert "Seoul meminta dialog &amp; ketenangan." in body


def test_media_content_is_the_hero_photo_at_1200_px_with_caption_and_credit(client, newsroom):
    items = rss_tree(client, "/feed/").find("channel").findall("item")
    media = items[0].find("media:content", NS)
    assert media.get("url").startswith(f"{SITE}/media/renditions/")
    assert media.get("url").endswith("/16x9-1200.jpg")
    assert (media.get("width"), media.get("height"), media.get("medium")) == (
        "1200",
        "675",
        "image",
    )
    assert media.findtext("media:description", namespaces=NS) == "Tentara berlatih di lapangan"
    assert media.findtext("media:credit", namespaces=NS) == "KCNA"
    assert items[2].find("media:content", NS) is None  # the article without a photo


def test_feedparser_reads_every_field(client, newsroom):
    entry = parse(client, "/feed/").entries[0]
    assert entry.title == newsroom.lead.headline
    assert entry.id == entry.link
    assert entry.summary == newsroom.lead.summary
    assert "Latihan dimulai pagi ini" in entry.content[0].value
    assert entry.media_content[0]["url"].endswith("/16x9-1200.jpg")
    assert entry.media_credit[0]["content"] == "KCNA"
    assert [tag.term for tag in entry.tags] == ["Asia Pasifik", "Korea Utara", "Militer"]
    assert entry.published_parsed is not None
    assert entry.author in ("Rina Kusuma", "Dimas Pratama")  # it keeps one; the XML has both


def test_feed_holds_the_50_newest(client, newsroom):
    section = make_section("Nasional")
    now = timezone.now()
    newer = [
        make_article(section=section, published_at=now - timedelta(minutes=10 + minutes))
        for minutes in range(55)
    ]
    feed = parse(client, "/feed/")
    assert links(feed) == [f"{SITE}{a.get_absolute_url()}" for a in newer[:50]]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/nasional/feed/", ["corrected", "no_photo"]),
        ("/internasional/feed/", ["lead"]),  # sub-sections included
        ("/tag/militer/feed/", ["lead"]),  # not the unpublished one
        ("/topik/ketegangan-semenanjung-korea/feed/", ["lead"]),
        ("/penulis/dimas-pratama/feed/", ["lead", "corrected"]),
    ],
)
def test_section_tag_topic_and_person_feeds(client, newsroom, url, expected):
    feed = parse(client, url)
    assert links(feed) == [f"{SITE}{getattr(newsroom, n).get_absolute_url()}" for n in expected]
    self_link = rss_tree(client, url).find("channel/atom:link", NS)
    assert self_link.get("href") == f"{SITE}{url}"


def test_unknown_feed_objects_are_404(client, newsroom):
    for url in ("/tidak-ada/feed/", "/tag/tidak-ada/feed/", "/penulis/tidak-ada/feed/"):
        assert client.get(url).status_code == 404, url


def test_atom_feed_has_author_and_updated_on_every_entry(client, newsroom):
    feed = parse(client, "/feed/atom/")
    assert feed.version == "atom10"
    tree = rss_tree(client, "/feed/atom/")
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("id", "title", "updated"):
        assert tree.findtext(f"{atom}{name}"), name
    assert tree.find(f"{atom}link[@rel='self']").get("href") == f"{SITE}/feed/atom/"
    entries = tree.findall(f"{atom}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated", "published"):
            assert RFC3339.match(entry.findtext(f"{atom}{name}")) or name in ("id", "title")
        assert entry.findtext(f"{atom}updated").endswith("+07:00")
        assert entry.find(f"{atom}author/{atom}name").text
        assert entry.find(f"{atom}link[@rel='alternate']").get("href").startswith(SITE)
    corrected = entries[1]
    assert corrected.findtext(f"{atom}updated") > corrected.findtext(f"{atom}published")
    assert [a.text for a in entries[0].findall(f"{atom}author/{atom}name")] == [
        "Rina Kusuma",
        "Dimas Pratama",
    ]
    assert feed.entries[0].content[0].type == "text/html"


def test_json_feed_follows_version_1_1(client, newsroom):
    response = client.get("/feed.json")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}/feed.json" and feed["home_page_url"] == f"{SITE}/"
    assert feed["language"] == "id"
    assert [item["url"] for item in feed["items"]] == [
        f"{SITE}{a.get_absolute_url()}" for a in newsroom.published
    ]
    lead = feed["items"][0]
    assert lead["id"] == lead["url"] and lead["title"] == newsroom.lead.headline
    assert 'href="https://warta.example/nasional/"' in lead["content_html"]
    assert lead["image"].endswith("/16x9-1200.jpg")
    assert RFC3339.match(lead["date_published"]) and lead["date_published"].endswith("+07:00")
    assert lead["authors"] == [
        {"name": "Rina Kusuma", "url": f"{SITE}/penulis/rina-kusuma/"},
        {"name": "Dimas Pratama", "url": f"{SITE}/penulis/dimas-pratama/"},
    ]
    assert "image" not in feed["items"][2]


def test_feeds_change_the_moment_an_article_is_published_or_unpublished(
    client, newsroom, django_capture_on_commit_callbacks
):
    urls = ["/feed/", "/feed/atom/", "/feed.json", "/nasional/feed/"]
    before = {url: fetch(client, url) for url in urls}
    assert {url: fetch(client, url) for url in urls} == before  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_article("Gempa kecil guncang Bandung", section=make_section("Nasional"))
    for url in urls:
        assert fresh.headline.encode() in fetch(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(fresh, by=None, reason="Salah sumber.")
    for url in urls:
        assert fresh.headline.encode() not in fetch(client, url), url


def test_feeds_are_publicly_cacheable(client, newsroom):
    response = client.get("/feed/")
    assert "public" in response["Cache-Control"]
    assert response["Content-Type"].startswith("application/rss+xml")
