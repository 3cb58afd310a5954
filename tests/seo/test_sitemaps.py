"""Sitemaps validated with xmlschema against the sitemaps.org schema from the npm `sitemap`
package; the image and news extensions against their documented structure (schemas/)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from warta.seo import sitemaps
from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITEMAP_XSD = ROOT / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
HERE = Path(__file__).resolve().parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
SITE = "https://warta.example"
W3C_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


@pytest.fixture(scope="module")
def schema():
    if not SITEMAP_XSD.exists():
        pytest.skip(f"{SITEMAP_XSD} is missing: run `make test-deps` (npm ci)")
    import xmlschema

    return xmlschema.XMLSchema(
        str(SITEMAP_XSD),
        locations=[
            ("http://www.google.com/schemas/sitemap-news/0.9", str(HERE / "sitemap-news.xsd")),
            ("http://www.google.com/schemas/sitemap-image/1.1", str(HERE / "sitemap-image.xsd")),
        ],
    )


def get(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml"), url
    return response.content


def tree(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 - our own output


def index_locations(client) -> list[str]:
    index = tree(get(client, "/sitemap.xml"))
    return [entry.findtext(f"{SM}loc") for entry in index.findall(f"{SM}sitemap")]


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return url[len(SITE) :]


def test_index_lists_every_sitemap_with_a_valid_loc_and_lastmod(client, newsroom, schema):
    index = tree(get(client, "/sitemap.xml"))
    assert index.tag == f"{SM}sitemapindex"
    entries = index.findall(f"{SM}sitemap")
    names = [path_of(e.findtext(f"{SM}loc")) for e in entries]
    month = f"{timezone.localtime(newsroom.lead.published_at):%Y-%m}"
    for name in ("pages", "sections", "tags", "topics", "people", f"articles-{month}"):
        assert f"/sitemap-{name}.xml" in names
    # The package has no sitemapindex schema; its element types still check the values.
    for entry in entries:
        assert [child.tag for child in entry] == [f"{SM}loc", f"{SM}lastmod"]
        assert schema.types["tLoc"].is_valid(entry.findtext(f"{SM}loc"))
        assert schema.types["tLastmod"].is_valid(entry.findtext(f"{SM}lastmod"))
        assert W3C_WITH_OFFSET.match(entry.findtext(f"{SM}lastmod"))


def test_every_sitemap_validates_against_the_sitemaps_org_schema(client, newsroom, schema):
    for url in [*index_locations(client), f"{SITE}/sitemap-news.xml"]:
        content = get(client, path_of(url))
        schema.validate(content.decode())
        for loc in tree(content).iter(f"{SM}loc"):
            assert loc.text.startswith(f"{SITE}/"), loc.text


def test_article_sitemap_lists_published_articles_with_lastmod_and_hero_image(
    client, newsroom, schema
):
    month = f"{timezone.localtime(newsroom.lead.published_at):%Y-%m}"
    urls = tree(get(client, f"/sitemap-articles-{month}.xml")).findall(f"{SM}url")
    listed = {u.findtext(f"{SM}loc"): u for u in urls}
    in_month = [
        a for a in newsroom.published if f"{timezone.localtime(a.published_at):%Y-%m}" == month
    ]
    assert set(listed) == {f"{SITE}{a.get_absolute_url()}" for a in in_month}
    lead = listed[f"{SITE}{newsroom.lead.get_absolute_url()}"]
    assert W3C_WITH_OFFSET.match(lead.findtext(f"{SM}lastmod"))
    image = lead.findtext(f"{IMAGE}image/{IMAGE}loc")
    assert image.startswith(f"{SITE}/media/renditions/") and image.endswith("/16x9-1200.jpg")
    if newsroom.no_photo in in_month:
        no_photo = listed[f"{SITE}{newsroom.no_photo.get_absolute_url()}"]
        assert no_photo.find(f"{IMAGE}image") is None


def test_hidden_articles_appear_in_no_sitemap(client, newsroom):
    everything = b"".join(get(client, path_of(url)) for url in index_locations(client))
    everything += get(client, "/sitemap-news.xml")
    for article in (newsroom.draft, newsroom.unpublished, newsroom.scheduled):
        assert article.get_absolute_url().encode() not in everything, article


def test_lists_and_pages_are_in_their_sitemaps(client, newsroom):
    def locs(name):
        return {
            path_of(loc.text) for loc in tree(get(client, f"/sitemap-{name}.xml")).iter(f"{SM}loc")
        }

    assert {"/internasional/", "/asia-pasifik/", "/nasional/"} <= locs("sections")
    # Only tags with a published article: "militer" has one, the withdrawn story's alone do not.
    assert locs("tags") == {
        "/tag/korea-utara/",
        "/tag/militer/",
        "/tag/ekonomi/",
        "/tag/pendidikan/",
    }
    assert locs("topics") == {"/topik/ketegangan-semenanjung-korea/"}
    assert {"/penulis/rina-kusuma/", "/penulis/dimas-pratama/"} <= locs("people")
    assert {"/", "/indeks/", "/halaman/pedoman-media-siber/"} <= locs("pages")


def test_article_sitemaps_are_paginated(client, newsroom, monkeypatch, schema):
    monkeypatch.setattr(sitemaps.ArticleMonthSitemap, "limit", 1)
    month = f"{timezone.localtime(newsroom.lead.published_at):%Y-%m}"
    base = f"{SITE}/sitemap-articles-{month}.xml"
    pages = [url for url in index_locations(client) if url.startswith(base)]
    count = sitemaps.ArticleMonthSitemap(
        timezone.localtime(newsroom.lead.published_at).date()
    ).paginator.count
    assert pages == [base] + [f"{base}?p={n}" for n in range(2, count + 1)]
    for page in pages:
        content = get(client, path_of(page))
        schema.validate(content.decode())
        assert len(tree(content).findall(f"{SM}url")) == 1
    assert client.get(f"/sitemap-articles-{month}.xml?p={count + 1}").status_code == 404


def test_unknown_sitemaps_are_404(client, newsroom):
    for url in ("/sitemap-nothing.xml", "/sitemap-articles-1999-01.xml", "/sitemap-articles-x.xml"):
        assert client.get(url).status_code == 404, url


def test_news_sitemap_has_the_last_48_hours_with_publication_date_and_title(
    client, newsroom, schema
):
    old = make_article(
        "Berita tiga hari lalu",
        section=make_section("Nasional"),
        published_at=timezone.now() - timedelta(hours=49),
    )
    content = get(client, "/sitemap-news.xml")
    schema.validate(content.decode())
    urls = tree(content).findall(f"{SM}url")
    recent = [newsroom.lead, newsroom.corrected]  # newest first; no_photo is three days old
    assert [u.findtext(f"{SM}loc") for u in urls] == [
        f"{SITE}{a.get_absolute_url()}" for a in recent
    ]
    assert old.get_absolute_url().encode() not in content
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Warta"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
    assert W3C_WITH_OFFSET.match(news.findtext(f"{NEWS}publication_date"))
    assert news.findtext(f"{NEWS}title") == newsroom.lead.headline


def test_news_sitemap_holds_at_most_1000(client, newsroom, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)
    urls = tree(get(client, "/sitemap-news.xml")).findall(f"{SM}url")
    assert len(urls) == 1
    assert sitemaps.NewsSitemap.limit == 1000


def test_sitemaps_change_the_moment_an_article_is_published(
    client, newsroom, django_capture_on_commit_callbacks
):
    before = get(client, "/sitemap-news.xml")
    assert get(client, "/sitemap-news.xml") == before
    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_article("Gempa kecil guncang Bandung", section=make_section("Nasional"))
    assert fresh.get_absolute_url().encode() in get(client, "/sitemap-news.xml")
    month = f"{timezone.localtime(fresh.published_at):%Y-%m}"
    assert fresh.get_absolute_url().encode() in get(client, f"/sitemap-articles-{month}.xml")


def test_robots_txt_lists_both_sitemaps_and_keeps_crawlers_out_of_staff_pages(client, newsroom):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/desk/", "/api/", "/cari/", "/pratinjau/", "/admin/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/sitemap-news.xml" in lines


def test_every_sitemap_costs_the_same_queries_whatever_its_length(client):
    """A month's sitemap lists up to 10,000 articles, each with its photo: a query per article
    (a field the photo's address needs, left out of the listing) cost 8 s at that length."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warta.test import make_image, make_person, make_topic

    section, topic = make_section("Nasional"), make_topic()
    writer = make_person("Rina Kusuma")

    def publish(count: int) -> None:
        for number in range(count):
            make_article(
                section=section,
                image=make_image(),
                writers=[writer],
                tags=["Banjir", f"Tag {number}"],
                topic=topic,
            )

    def queries(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    publish(2)
    month = f"/sitemap-articles-{timezone.localdate():%Y-%m}.xml"
    urls = ["/sitemap.xml", month, "/sitemap-sections.xml", "/sitemap-tags.xml"]
    urls += ["/sitemap-topics.xml", "/sitemap-people.xml", "/sitemap-news.xml"]
    few = {url: queries(url) for url in urls}
    publish(6)
    assert {url: queries(url) for url in urls} == few
