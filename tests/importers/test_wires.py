"""Wire ingest: every real feed in ../shared/data/feeds/ served by another site (127.0.0.2),
polled through the fetch guard into the Kawat inbox."""

import gzip
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.origin import Answer
from warta.importers import wires
from warta.importers.feeds import FeedError, parse
from warta.news import actions
from warta.news.models import WireItem, WireSource
from warta.test import make_section

pytestmark = pytest.mark.django_db

DATA = Path(os.environ.get("WARTA_TEST_DATA", Path(__file__).parents[3] / "shared" / "data"))
FEEDS = DATA / "feeds"
needs_data = pytest.mark.skipif(
    not FEEDS.is_dir() and os.environ.get("WARTA_REQUIRE_TEST_DATA") != "1",
    reason=f"the shared test data is not at {FEEDS} (set WARTA_TEST_DATA)",
)
# What each real feed holds, as a reader of it would say: (entries, first title).
EXPECTED = {
    "if_chardet_koi8r.xml": (1, "Как пережить новогоднюю ночь"),
    "if_chardet_windows1255.xml": (1, None),
    "if_rdf_channel_empty_textinput.xml": (1, "crashes here"),
    "json_example.json": (2, "post 2"),
    "wf_itunes_itunes_channel_explicit_whitespace.xml": (0, None),
    "wf_media-rss_media_group.xml": (1, "Example Atom"),
    "wf_namespace_atomthreadingwithentry.xml": (1, "bloffo bliff by te..."),
    "wf_namespace_rss1.0withModules.xml": (1, "Test Item - RSS 1.0"),
    "wf_namespace_rss2.0NSwithModules.xml": (1, "Test Item - RSS2.0 w/ NS"),
    "wf_namespace_rss2.0withAtomNS.xml": (1, "rsync and vfat | Geek at Play"),
    "wf_rss_item_enclosure_multiple.xml": (1, None),
    "wf_rss_item_multiple_dc_creator.xml": (1, None),
    "wf_sanitize_large_atom_feed_that_needs_css_sanitisation.xml": (
        15,
        "Невидимая броня для Вашего Nokia 5800",
    ),
}


def source_for(url, **fields):
    defaults = {"name": "Kantor Berita Uji", "credit": "KBU", "section": make_section("Nasional")}
    return WireSource.objects.create(url=url, **{**defaults, **fields})


@needs_data
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_real_feed_is_filed_once(name, origin):
    origin["/feed"] = Answer(body=(FEEDS / name).read_bytes())
    source = source_for(f"{origin.url}/feed")
    entries, first = EXPECTED[name]
    assert wires.poll(source) == entries
    items = list(WireItem.objects.filter(source=source).order_by("pk"))
    assert len(items) == entries
    if first is not None:
        assert items[0].title == first
    assert all(item.title for item in items)  # an untitled entry gets words from its text
    assert "<script" not in "".join(item.body for item in items)
    source.refresh_from_db()
    assert source.last_error == "" and source.checked_at is not None
    # The same feed again: nothing new, nothing twice.
    assert wires.poll(source) == 0
    assert WireItem.objects.filter(source=source).count() == entries


@needs_data
def test_the_real_feeds_are_all_known():
    assert set(EXPECTED) == {path.name for path in FEEDS.iterdir()}


def rss(*items):
    entries = "".join(
        f"<item><title>{title}</title><link>https://kbu.example/{guid}</link><guid>{guid}</guid>"
        f"<description>&lt;p&gt;Isi {title}&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description></item>"
        for guid, title in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>KBU</title>{entries}</channel></rss>'.encode()


def test_conditional_get_and_new_items_only(origin):
    feed = {"body": rss(("a1", "Harga Cabai Turun"))}

    def answer(asked):
        if asked.headers.get("if-none-match") == '"v2"':
            return Answer(304)
        return Answer(
            body=feed["body"],
            headers={"ETag": '"v2"', "Last-Modified": "Sat, 05 Dec 2026 01:00:00 GMT"},
        )

    origin["/rss"] = answer
    source = source_for(f"{origin.url}/rss")
    assert wires.poll(source) == 1
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"v2"', "Sat, 05 Dec 2026 01:00:00 GMT")
    assert wires.poll(source) == 0
    assert origin.asked[-1].headers["if-modified-since"] == "Sat, 05 Dec 2026 01:00:00 GMT"
    item = WireItem.objects.get()
    assert item.body == "<p>Isi Harga Cabai Turun</p>" and item.status == "baru"


def test_a_compressed_feed_is_read(origin):
    origin["/rss.gz"] = Answer(
        body=gzip.compress(rss(("b1", "Banjir Surut"))), headers={"Content-Encoding": "gzip"}
    )
    assert wires.poll(source_for(f"{origin.url}/rss.gz")) == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            Answer(body=b"<!doctype html><html><body>Beranda</body></html>"),
            "halaman web, bukan feed",
        ),
        (Answer(500, b"error"), "menjawab 500"),
        (Answer(body=b""), "kosong"),
        (
            Answer(body=b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'),
            "entitas",
        ),
        (Answer(body=json.dumps({"items": []}).encode()), "bukan JSON Feed"),
        (Answer(body=b"x" * 64, endless=True), "lebih besar"),
    ],
)
def test_broken_feeds_are_recorded_for_the_desk(origin, answer, message):
    origin["/bad"] = answer
    source = source_for(f"{origin.url}/bad")
    assert wires.poll(source) == 0
    source.refresh_from_db()
    assert message in source.last_error
    assert WireItem.objects.count() == 0
    assert source.next_check_at > timezone.now()  # tried again at its next turn, not at once


def test_a_feed_address_inside_the_network_is_refused():
    source = source_for("http://10.0.0.7/rss")
    assert wires.poll(source) == 0
    source.refresh_from_db()
    assert "jaringan privat" in source.last_error


def test_the_worker_polls_each_due_source_once(
    origin, immediate_tasks, django_capture_on_commit_callbacks
):
    from warta.news.management.commands.worker import run_periodic

    origin["/rss"] = Answer(body=rss(("c1", "Jalan Tol Dibuka")))
    due = source_for(f"{origin.url}/rss")
    later = source_for(
        f"{origin.url}/rss2", name="Mitra", next_check_at=timezone.now() + timedelta(hours=1)
    )
    off = source_for(f"{origin.url}/rss3", name="Mati", active=False)
    with django_capture_on_commit_callbacks(execute=True):
        run_periodic()
        run_periodic()  # a second sweep at once finds nothing due
    assert WireItem.objects.filter(source=due).count() == 1
    assert [a.path for a in origin.asked] == ["/rss"]
    later.refresh_from_db()
    off.refresh_from_db()
    assert off.checked_at is None and later.checked_at is None


def test_draft_from_a_wire_keeps_the_credit_and_the_link(origin):
    from warta.test import make_staff

    origin["/rss"] = Answer(body=rss(("d1", "Gempa Kecil di Selatan Jawa")))
    source = source_for(f"{origin.url}/rss", credit="Antara")
    wires.poll(source)
    writer = make_staff("penulis", "penulis")
    item = WireItem.objects.get()
    article = actions.draft_from_wire(item, by=writer)
    assert article.status == "draft" and article.headline == "Gempa Kecil di Selatan Jawa"
    assert article.body.endswith(
        '<p>(sumber: <a href="https://kbu.example/d1" rel="noopener">Antara</a>)</p>'
    )
    assert article.section == source.section
    item.refresh_from_db()
    assert (item.status, item.article) == ("dipakai", article)


def test_parse_refuses_what_is_not_a_feed():
    with pytest.raises(FeedError):
        parse(b"   ")
    with pytest.raises(FeedError, match="tidak dapat dibaca"):
        parse(b"<nonsense")
