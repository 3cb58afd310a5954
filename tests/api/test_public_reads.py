"""The public API gives exactly what readers see: published articles, in the reader cache,
refreshed on publish, with cursor pagination and query budgets that do not grow."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.news import actions
from warta.test import make_article, make_image, make_person, make_section, make_topic

pytestmark = pytest.mark.django_db(transaction=True)


def _headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["items"]]


def test_only_published_articles_are_listed_or_opened(api_as):
    api = api_as()
    live = make_article("Sudah terbit")
    hidden = [
        make_article(f"Tidak terbit ({status})", status=status)
        for status in ("draft", "review", "scheduled", "unpublished")
    ]
    hidden.append(make_article("Bertanggal besok", published_at=timezone.now() + timedelta(days=1)))
    assert _headlines(api.get("/articles")) == ["Sudah terbit"]
    assert api.get(f"/articles/{live.pk}").json()["headline"] == "Sudah terbit"
    for article in hidden:
        response = api.get(f"/articles/{article.pk}")
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Tidak ditemukan."}


def test_the_detail_carries_body_photos_bylines_corrections_and_the_canonical_url(api_as):
    photo = make_image(caption="Perahu nelayan", credit="Antara")
    inline = make_image(caption="Dermaga", credit="Warta")
    writer = make_person("Dewi Lestari", roles=["penulis"])
    story = make_article(
        "Nelayan pulang membawa tuna",
        image=photo,
        writers=[writer],
        topic=make_topic("Musim ikan"),
        tags=["perikanan"],
        city="Ambon",
        body=f'<p>Isi <strong>berita</strong>.</p><figure class="gambar"><img src="/media/renditions/{inline.pk}/v1/16x9-800.jpg" alt=""></figure>',
    )
    actions.correct_article(story, by=None, kind="ralat", text="Nama kapal diperbaiki.")
    body = api_as().get(f"/articles/{story.pk}").json()
    assert (
        body["url"]
        == f"https://warta.example/internasional/{story.pk}/nelayan-pulang-membawa-tuna/"
    )
    assert body["hero"]["credit"] == "Antara" and body["hero"]["caption"] == "Perahu nelayan"
    widths = {r["width"] for r in body["hero"]["renditions"]["16x9"]}
    assert widths == {480, 800, 1200, 1600}
    assert [b["name"] for b in body["bylines"]] == ["Dewi Lestari"]
    assert body["bylines"][0]["roles"] == ["penulis"]
    assert "<strong>berita</strong>" in body["body_html"] and "Isi berita." in body["body_text"]
    assert [p["caption"] for p in body["photos"]] == ["Dermaga"]
    assert body["corrections"][0]["kind"] == "ralat"
    assert body["topic"]["slug"] == "musim-ikan" and body["tags"][0]["name"] == "perikanan"
    assert body["dateline_city"] == "Ambon"
    assert body["published_at"].endswith("+07:00")


def test_filters_by_section_tag_topic_person_and_dates(api_as):
    api = api_as()
    sport = make_section("Olahraga")
    football = make_section("Sepak Bola", parent=sport)
    writer = make_person("Agus Salim", roles=["penulis"])
    topic = make_topic("Liga 1")
    now = timezone.now()
    make_article(
        "Laga final",
        section=football,
        topic=topic,
        writers=[writer],
        tags=["final"],
        published_at=now - timedelta(minutes=5),
    )
    make_article(
        "Harga cabai", section=make_section("Ekonomi"), published_at=now - timedelta(days=3)
    )
    assert _headlines(api.get("/articles?section=olahraga")) == ["Laga final"]
    assert _headlines(api.get("/articles?tag=final")) == ["Laga final"]
    assert _headlines(api.get("/articles?topic=liga-1")) == ["Laga final"]
    assert _headlines(api.get("/articles?person=agus-salim")) == ["Laga final"]
    day = timezone.localdate(now - timedelta(days=3)).isoformat()
    assert _headlines(api.get(f"/articles?since={day}&until={day}")) == ["Harga cabai"]
    since = urlencode({"updated_since": (now - timedelta(hours=1)).isoformat()})
    assert _headlines(api.get(f"/articles?{since}")) == ["Laga final"]
    unknown = api.get("/articles?section=tidak-ada")
    assert unknown.status_code == 404 and "section" in unknown.json()["fields"]


def test_cursor_pagination_walks_everything_once(api_as):
    api = api_as()
    start = timezone.now() - timedelta(days=1)
    for n in range(7):
        make_article(f"Berita nomor {n}", published_at=start + timedelta(minutes=n // 2))
    seen, cursor = [], ""
    while True:
        page = api.get(f"/articles?limit=3{'&cursor=' + cursor if cursor else ''}").json()
        seen += [item["headline"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(f"Berita nomor {n}" for n in range(7))
    assert len(seen) == 7
    bad = api.get("/articles?cursor=bukan-kursor")
    assert bad.status_code == 422 and "cursor" in bad.json()["fields"]


def test_lists_of_sections_tags_topics_people_and_corrections(api_as):
    api = api_as()
    story = make_article("Berita bertag", tags=["gempa"], topic=make_topic("Gempa Sulawesi"))
    make_article("Draf bertag", status="draft", tags=["rahasia"])
    actions.correct_article(story, by=None, kind="koreksi", text="Magnitudo 5,1.")
    assert [t["slug"] for t in api.get("/tags").json()] == ["gempa"]
    assert [t["slug"] for t in api.get("/topics").json()] == ["gempa-sulawesi"]
    assert [p["name"] for p in api.get("/people").json()] == ["Rina Kusuma"]
    assert [s["slug"] for s in api.get("/sections").json()] == ["internasional"]
    assert api.get("/corrections").json()[0]["text"] == "Magnitudo 5,1."


def test_search_answers_as_the_search_page_does(api_as, client):
    live = make_article("Banjir rob menggenangi pesisir Semarang")
    draft = make_article("Draf banjir", status="draft")
    body = api_as().get("/search?q=banjir").json()
    assert body["total"] == 1 and body["items"][0]["headline"].startswith("Banjir rob")
    page = client.get("/cari/?q=banjir").content.decode()
    assert body["items"][0]["url"].removeprefix("https://warta.example") in page
    assert live.get_absolute_url() in page and f"/{draft.pk}/" not in page
    assert api_as().get("/search").status_code == 422
    # Found by schemathesis: a day at the calendar's edge was a 500.
    for path in ("/search?q=banjir&since=0001-01-01", "/articles?until=9999-12-31"):
        answer = api_as().get(path)
        assert answer.status_code == 422, path
        assert answer.json()["code"] == "invalid"


def test_cached_like_reader_pages_with_etag_cors_and_refresh_on_publish(api_as):
    api = api_as()
    make_article("Pertama")
    first = api.get("/articles")
    assert "public" in first["Cache-Control"] and "max-age" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    assert api.get("/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/articles", QUERY_STRING="utm_source=x").status_code == 200
    assert len(queries) == 0  # from the cache, junk parameters ignored
    draft = make_article("Kedua", status="draft")
    actions.publish_article(draft, by=None)
    again = api.get("/articles", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and _headlines(again) == ["Kedua", "Pertama"]


@pytest.mark.parametrize("size", [3, 30])
def test_query_budgets_do_not_grow_with_the_archive(api_as, size):
    section = make_section()
    writer = make_person()
    first = make_article("Arsip pertama", section=section, writers=[writer], image=make_image())
    for n in range(size):
        make_article(f"Arsip {n}", section=section, writers=[writer], tags=["arsip"])
    api = api_as()
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/articles?limit=50").status_code == 200
    assert len(queries) <= 3
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/articles/{first.pk}").status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


@pytest.mark.parametrize(
    "path",
    [
        "/articles?updated_since=0.5",
        "/articles?since=1700000000",
        "/search?q=banjir&until=0",
    ],
)
def test_a_count_of_seconds_is_not_read_as_a_date(api_as, path):
    """The reference asks for 2026-12-05 (and a time with its zone); a bare number was read as
    seconds since 1970 and answered as if it meant something."""
    response = api_as().get(path)
    assert response.status_code == 422, response.content
    field = path.rsplit("&", 1)[-1].split("?")[-1].split("=")[0]
    assert (
        "YYYY-MM-DD" in response.json()["fields"][field][0]
        or "ISO" in (response.json()["fields"][field][0])
    )
