"""JSON-LD and Open Graph as extruct, a real extractor, reads them from every page type."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import extruct
import pytest

from tests.seo.conftest import page_urls

pytestmark = pytest.mark.django_db

SITE = "https://warta.example"
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
DATE_KEYS = {"datePublished", "dateModified"}


def extract(client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return extruct.extract(
        response.content.decode(), base_url=f"{SITE}{url}", syntaxes=["json-ld", "opengraph"]
    )


def by_type(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["@type"]: item for item in data["json-ld"]}


def og(data: dict[str, Any]) -> dict[str, list[str]]:
    """Open Graph properties; repeated ones (article:tag) keep every value."""
    found: dict[str, list[str]] = defaultdict(list)
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            found[key].append(value)
    return found


def walk(value: Any, key: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    else:
        yield key, value


def assert_absolute_urls_and_offset_dates(item: dict[str, Any]) -> None:
    for key, value in walk(item):
        if key in ("url", "item", "@id", "logo", "publishingPrinciples", "correctionsPolicy"):
            assert str(value).startswith(f"{SITE}/"), (key, value)
        if key in DATE_KEYS:
            assert ISO_WITH_OFFSET.match(value), (key, value)


@pytest.fixture
def pages(client, newsroom) -> dict[str, dict[str, Any]]:
    return {name: extract(client, url) for name, url in page_urls(newsroom).items()}


def test_every_page_type_has_open_graph_and_valid_json_ld(pages):
    for name, data in pages.items():
        card = og(data)
        for key in ("og:type", "og:title", "og:description", "og:url", "og:site_name"):
            assert card.get(key), (name, key)
        assert card["og:locale"] == ["id_ID"], name
        assert card["og:url"][0].startswith(f"{SITE}/"), name
        for item in data["json-ld"]:
            assert item["@context"] == "https://schema.org", name
            assert_absolute_urls_and_offset_dates(item)


def test_every_page_below_home_has_a_breadcrumb_list(pages):
    for name, data in pages.items():
        if name in ("home", "404"):
            continue
        crumbs = by_type(data)["BreadcrumbList"]["itemListElement"]
        assert crumbs[0]["item"] == f"{SITE}/", name
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1)), name


def test_home_has_a_website_with_a_search_action(pages):
    site = by_type(pages["home"])["WebSite"]
    assert site["url"] == f"{SITE}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/cari/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert site["publisher"]["@type"] == "NewsMediaOrganization"


def test_lists_are_collection_pages(pages, newsroom):
    for name in ("section", "tag", "topic", "index"):
        page = by_type(pages[name])["CollectionPage"]
        assert page["name"] and page["description"], name
        assert page["url"].startswith(f"{SITE}/"), name
    section = by_type(pages["section"])["CollectionPage"]
    assert [i["url"] for i in section["mainEntity"]["itemListElement"]] == [
        f"{SITE}{newsroom.corrected.get_absolute_url()}",
        f"{SITE}{newsroom.no_photo.get_absolute_url()}",
    ]


def test_person_page_is_a_profile_page_with_a_person(pages):
    profile = by_type(pages["person"])["ProfilePage"]
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Rina Kusuma"
    assert person["url"] == f"{SITE}/penulis/rina-kusuma/"
    assert person["description"].startswith("Rina meliput")
    assert person["image"].startswith(f"{SITE}/media/renditions/")


def test_news_article_has_every_property(pages, newsroom):
    article = by_type(pages["article"])["NewsArticle"]
    url = f"{SITE}{newsroom.lead.get_absolute_url()}"
    assert article["headline"] == newsroom.lead.headline
    assert len(article["headline"]) <= 110
    assert article["description"] == newsroom.lead.summary
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["url"] == url
    images = {re.search(r"/(\w+)-\d+\.jpg$", i["url"]).group(1): i for i in article["image"]}
    assert set(images) == {"16x9", "4x3", "1x1"}
    for crop, (w, h) in {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}.items():
        assert images[crop]["width"] >= 1200, crop
        assert images[crop]["width"] * h == images[crop]["height"] * w, crop
    assert ISO_WITH_OFFSET.match(article["datePublished"])
    assert ISO_WITH_OFFSET.match(article["dateModified"])
    assert article["author"] == [
        {"@type": "Person", "name": "Rina Kusuma", "url": f"{SITE}/penulis/rina-kusuma/"},
        {"@type": "Person", "name": "Dimas Pratama", "url": f"{SITE}/penulis/dimas-pratama/"},
    ]
    assert article["editor"]["name"] == "Bambang Sutrisno"
    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Warta" and publisher["url"] == f"{SITE}/"
    assert publisher["logo"]["url"].startswith(f"{SITE}/static/")
    assert publisher["publishingPrinciples"] == f"{SITE}/halaman/pedoman-media-siber/"
    assert publisher["correctionsPolicy"] == f"{SITE}/koreksi/"
    assert article["articleSection"] == "Asia Pasifik"
    assert article["keywords"] == ["Korea Utara", "Militer"]
    assert article["inLanguage"] == "id"
    assert article["isAccessibleForFree"] is True
    assert "correction" not in article


def test_long_headlines_are_cut_to_110_characters(client, newsroom):
    newsroom.lead.headline = "Sangat panjang " * 12
    newsroom.lead.save()
    article = by_type(extract(client, newsroom.lead.get_absolute_url()))["NewsArticle"]
    assert len(article["headline"]) <= 110 and article["headline"].endswith("…")


def test_a_corrected_article_carries_a_correction_comment(pages):
    article = by_type(pages["article-with-correction"])["NewsArticle"]
    (correction,) = article["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == (
        "Ralat: Sebelumnya tertulis harga turun 10 persen; yang benar 5 persen."
    )
    assert ISO_WITH_OFFSET.match(correction["datePublished"])
    assert article["dateModified"] > article["datePublished"]


def test_an_article_without_a_photo_has_no_image(pages):
    article = by_type(pages["article-without-photo"])["NewsArticle"]
    assert "image" not in article
    card = og(pages["article-without-photo"])
    assert "og:image" not in card
    assert card["og:type"] == ["article"]


def test_article_open_graph_and_twitter_card(client, pages, newsroom):
    card = og(pages["article"])
    url = f"{SITE}{newsroom.lead.get_absolute_url()}"
    assert card["og:type"] == ["article"]
    assert card["og:url"] == [url]
    assert card["og:title"] == [newsroom.lead.headline]
    assert card["og:description"] == [newsroom.lead.summary]
    assert card["og:image"][0].endswith("/og-1200.jpg")
    assert card["og:image:width"] == ["1200"] and card["og:image:height"] == ["630"]
    assert card["og:image:alt"] == ["Barisan tentara di lapangan"]
    assert card["og:site_name"] == ["Warta"] and card["og:locale"] == ["id_ID"]
    assert ISO_WITH_OFFSET.match(card["article:published_time"][0])
    assert ISO_WITH_OFFSET.match(card["article:modified_time"][0])
    assert card["article:section"] == ["Asia Pasifik"]
    assert card["article:tag"] == ["Korea Utara", "Militer"]
    assert card["article:author"] == [
        f"{SITE}/penulis/rina-kusuma/",
        f"{SITE}/penulis/dimas-pratama/",
    ]
    html = client.get(newsroom.lead.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{card["og:image"][0]}">' in html
    assert '<meta name="twitter:image:alt" content="Barisan tentara di lapangan">' in html


def test_every_page_has_canonical_description_and_language(client, newsroom):
    for name, url in page_urls(newsroom).items():
        html = client.get(url).content.decode()
        assert '<html lang="id">' in html, name
        assert re.search(r'<link rel="canonical" href="https://warta\.example/[^"]*">', html), name
        assert re.search(r'<meta name="description" content="[^"]+">', html), name


def test_search_results_are_kept_out_of_the_index(client, newsroom):
    html = client.get("/cari/?q=latihan").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    article = client.get(newsroom.lead.get_absolute_url()).content.decode()
    assert 'name="robots"' not in article


def test_a_social_card_shows_its_values_of_the_moment():
    """Cards are drawn once per set of values: a new value shows at once, and text marked
    safe and the same text unmarked are not taken for one another."""
    from django.utils.safestring import mark_safe

    from warta.seo.templatetags.seo import card_html

    values = {"og_type": "website", "title": "Banjir & rob", "description": "Ringkas"}
    assert '<meta property="og:title" content="Banjir &amp; rob">' in card_html(values)
    assert 'content="Banjir reda">' in card_html({**values, "title": "Banjir reda"})
    escaped = card_html({**values, "description": "A &amp; B"})
    trusted = card_html({**values, "description": mark_safe("A &amp; B")})
    assert 'content="A &amp;amp; B"' in escaped
    assert 'content="A &amp; B"' in trusted
