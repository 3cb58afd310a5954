import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import EmptyPage
from django.utils import timezone

from warta.news.models import Article
from warta.search.models import Synonym
from warta.search.query import Search, search
from warta.test import make_person, make_section

JAKARTA = ZoneInfo("Asia/Jakarta")


def found(text, **options):
    return [hit.article.headline for hit in search(text, **options).page(1, 50).object_list]


def test_every_word_must_match_in_some_form(article):
    article("Pasukan dibebaskan dari Kursk")
    article("Pasukan tiba di Bekasi")
    assert found("pembebasan pasukan") == ["Pasukan dibebaskan dari Kursk"]


def test_a_phrase_needs_its_words_side_by_side_in_one_field(article):
    article("Harga beras naik", summary="Pedagang mengeluh.")
    article("Harga cabai naik", summary="Beras tetap.")
    article("Naik turun harga", body="<p>Beras impor datang.</p>")
    assert found('"harga beras"') == ["Harga beras naik"]
    # The headline's last word and the summary's first are not side by side.
    assert found('"naik beras"') == []
    assert found('"harga yang naik"') == []


def test_a_phrase_keeps_its_stop_words(article):
    article("Warga yang mengungsi mulai pulang")
    article("Warga mulai mengungsi")
    assert found('"warga yang mengungsi"') == ["Warga yang mengungsi mulai pulang"]


def test_minus_excludes(article):
    article("Banjir di Bekasi")
    article("Banjir di Depok", summary="Hujan lebat semalam.")
    article("Banjir di Bogor")
    assert sorted(found('banjir -bekasi -"hujan lebat"')) == ["Banjir di Bogor"]


def test_or_finds_either(article):
    article("Banjir di Bekasi")
    article("Gempa di Cianjur")
    assert sorted(found("banjir OR gempa")) == ["Banjir di Bekasi", "Gempa di Cianjur"]


def test_synonyms_from_the_starter_list_and_from_the_admin(
    article, admin_client, django_capture_on_commit_callbacks
):
    article("Korea Utara uji coba rudal")
    article("Pemilihan umum di Veloria")
    assert Synonym.objects.filter(term__in=["Korut", "Pemilu", "Jabodetabek", "OJK"]).count() == 4
    assert found("Korut") == ["Korea Utara uji coba rudal"]
    assert found("pemilu") == ["Pemilihan umum di Veloria"]
    assert found("veloriana") == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/search/synonym/add/",
            {"term": "Veloriana", "means": "Veloria, Republik Veloria", "both_ways": "on"},
        )
    assert response.status_code == 302
    assert found("veloriana") == ["Pemilihan umum di Veloria"]


def test_a_headline_match_ranks_above_a_summary_match_above_a_body_match(article):
    now = timezone.now()
    body_only = article("Kabar pagi", body="<p>Soal subsidi.</p>", published_at=now)
    in_summary = article("Kabar siang", summary="Soal subsidi.", published_at=now)
    in_headline = article("Subsidi dipangkas", published_at=now - timedelta(days=20))
    assert [hit.article for hit in search("subsidi").page(1, 10).object_list] == [
        in_headline,
        in_summary,
        body_only,
    ]


def test_a_body_that_keeps_returning_to_the_word_ranks_above_a_passing_mention(article):
    now = timezone.now()
    article("Kabar satu", body="<p>Nikel disebut sekali.</p>", published_at=now)
    article(
        "Kabar dua",
        body="<p>Nikel Sulawesi.</p><p>Smelter nikel baru.</p><p>Harga nikel.</p>",
        published_at=now - timedelta(days=3),
    )
    assert found("nikel") == ["Kabar dua", "Kabar satu"]


def test_among_equals_the_newer_ranks_first_and_newest_sorts_by_date(article):
    now = timezone.now()
    article("Banjir lama", published_at=now - timedelta(days=9))
    article("Banjir baru", published_at=now - timedelta(days=1))
    article("Kabar pagi", summary="Banjir lagi.", published_at=now)
    assert found("banjir") == ["Banjir baru", "Banjir lama", "Kabar pagi"]
    assert found("banjir", order="newest") == ["Kabar pagi", "Banjir baru", "Banjir lama"]


def test_readers_get_published_articles_dated_up_to_now_only(article):
    now = timezone.now()
    article("Banjir terbit")
    article("Banjir nanti", published_at=now + timedelta(hours=2))
    for status in ("draft", "review", "scheduled", "unpublished"):
        article(f"Banjir {status}", status=status, published_at=now + timedelta(hours=3))
    assert found("banjir") == ["Banjir terbit"]
    visible = set(Article.objects.published().values_list("headline", flat=True))
    assert set(found("banjir")) == visible


def test_the_desk_searches_every_status_and_filters_by_status_and_writer(article):
    rina, dimas = make_person("Rina Kusuma"), make_person("Dimas Pratama")
    article("Banjir terbit", writers=[rina])
    article("Banjir draf Rina", status="draft", writers=[rina])
    article("Banjir draf Dimas", status="draft", writers=[dimas])
    assert len(found("banjir", published_only=False)) == 3
    assert sorted(found("banjir", published_only=False, statuses=["draft"])) == [
        "Banjir draf Dimas",
        "Banjir draf Rina",
    ]
    assert sorted(found("banjir", published_only=False, writer=rina)) == [
        "Banjir draf Rina",
        "Banjir terbit",
    ]


def test_filters_by_section_with_its_sub_sections_tag_and_dates(article):
    world = make_section("Internasional")
    asia = make_section("Asia Pasifik", parent=world)
    home = make_section("Nasional")
    day = datetime(2025, 3, 10, 9, tzinfo=JAKARTA)
    article("Banjir di Manila", section=asia, published_at=day, tags=["Filipina"])
    article("Banjir di Bekasi", section=home, published_at=day - timedelta(days=2))
    article("Banjir di Depok", section=home, published_at=day + timedelta(days=2))
    assert found("banjir", section=world) == ["Banjir di Manila"]
    assert found("banjir", section=asia) == ["Banjir di Manila"]
    tag = Article.objects.get(headline="Banjir di Manila").tags.get()
    assert found("banjir", tag=tag) == ["Banjir di Manila"]
    assert found("banjir", since=date(2025, 3, 10), until=date(2025, 3, 10)) == ["Banjir di Manila"]
    assert sorted(found("banjir", since=date(2025, 3, 9))) == [
        "Banjir di Depok",
        "Banjir di Manila",
    ]
    assert sorted(found("banjir", until=date(2025, 3, 9))) == ["Banjir di Bekasi"]


def test_pages_and_counts(article):
    now = timezone.now()
    for number in range(5):
        article(f"Banjir nomor {number}", published_at=now - timedelta(hours=number))
    results = search("banjir", order="newest")
    first, last = results.page(1, 2), results.page(3, 2)
    assert first.paginator.count == 5 and first.paginator.num_pages == 3
    assert [hit.article.headline for hit in last.object_list] == ["Banjir nomor 4"]
    assert first.has_next() and not last.has_next()
    with pytest.raises(EmptyPage):
        results.page(4, 2)
    assert search("tidakada").page(1, 2).paginator.count == 0


def test_the_snippet_shows_the_matching_passage_highlighted_and_escaped(article):
    article(
        "Kabar <b>hari</b> ini",
        summary="Ringkasan.",
        body="<p>"
        + "Kalimat pembuka yang panjang sekali. " * 10
        + "Warga &lt;script&gt; mengungsi ke tenda.</p>",
    )
    hit = search("pengungsian kabar").page(1, 1).object_list[0]
    assert "<mark>mengungsi</mark>" in hit.snippet and hit.snippet.startswith("… ")
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    # The headline is plain text: the markup was stripped when it was saved.
    assert hit.headline == "<mark>Kabar</mark> hari ini"


def test_without_a_body_match_the_summary_is_the_snippet(article):
    article("Banjir", summary="Air naik di Bekasi.", body="<p>Tidak ada kata itu.</p>")
    hit = search("bekasi").page(1, 1).object_list[0]
    assert hit.snippet == "Air naik di <mark>Bekasi</mark>."


def test_a_misspelling_gets_a_suggestion_from_published_words_only(article):
    article("Pembebasan sandera di Kursk")
    article("Pengungsian rahasia", status="draft")
    assert search("pembebsan kursk").suggestion == "pembebasan kursk"
    assert search("pembebasan kursk").suggestion == ""
    assert search("pengungsan").suggestion == ""  # only a draft has that word


def test_an_empty_or_meaningless_query_finds_nothing_without_error(article):
    article("Banjir")
    for text in ["", "   ", "-banjir", '""', "*", "a" * 1000]:
        assert search(text).page(1, 20).paginator.count == 0


def test_a_long_query_may_miss_one_word(article):
    article("Museum buka malam", summary="Setiap Sabtu.")
    article("Kabar lain", body="<p>Museum, malam, dan hari libur.</p>")
    article("Museum saja")
    results = search("museum malam hari")
    assert results.minimum == 2 and not results.fallback
    assert sorted(hit.article.headline for hit in results.page(1, 10).object_list) == [
        "Kabar lain",
        "Museum buka malam",
    ]


def test_when_no_article_has_the_words_together_any_one_will_do(article):
    article("Ponsel terlaris tahun ini")
    article("Harga cabai naik")
    results = search("ponsel murah")
    assert results.fallback
    assert [hit.article.headline for hit in results.page(1, 10).object_list] == [
        "Ponsel terlaris tahun ini"
    ]
    assert not search("ponsel terlaris").fallback


def test_long_phrases_are_confirmed_by_word_positions(article):
    article("Banjir di Depok", summary="Hujan lebat semalam merendam rumah.")
    article("Banjir di Bogor", summary="Semalam hujan lebat.")
    article("Banjir di Bekasi", kicker="HUJAN", summary="Lebat semalam.")
    assert found('"hujan lebat semalam"') == ["Banjir di Depok"]
    assert sorted(found('banjir -"hujan lebat semalam"')) == ["Banjir di Bekasi", "Banjir di Bogor"]
    # The kicker and the summary are apart: "hujan lebat" does not span them.
    assert sorted(found('"hujan lebat"')) == ["Banjir di Bogor", "Banjir di Depok"]


def test_every_way_of_finding_the_newest_matches_finds_the_same(article, monkeypatch):
    """Search._drive picks where finding the matches starts from estimates; whatever it picks,
    and when a walk is cut short, the matches and their order are the same."""
    now = timezone.now()
    rng = random.Random(5)
    rina, dimas = make_person("Rina Kusuma"), make_person("Dimas Pratama")
    home, world = make_section("Nasional"), make_section("Internasional")
    words = ["banjir", "hujan lebat", "korea utara", "pasar", "harga beras", "warga"]
    for number in range(40):
        picked = rng.sample(words, 3)
        article(
            f"{picked[0].title()} nomor {number}",
            summary=f"{picked[1]} di kota.",
            body=f"<p>Kabar {picked[2]} hari ini.</p>",
            section=rng.choice([home, world]),
            writers=[rng.choice([rina, dimas])],
            tags=rng.sample(["Cuaca", "Ekonomi"], rng.randint(0, 2)),
            status=rng.choice(["published"] * 4 + ["draft"]),
            published_at=now - timedelta(hours=rng.randint(1, 500)),
        )
    weather = Article.tags.field.related_model.objects.get(name="Cuaca")
    queries = ["banjir", "banjir warga", "hujan lebat pasar warga", '"hujan lebat"']
    queries += ['"harga beras naik"', "banjir -pasar", "korut OR pasar", "harga murah"]
    filters = [{}, {"tag": weather}, {"writer": rina}, {"section": home}]
    filters += [{"since": (now - timedelta(days=10)).date()}, {"published_only": False}]

    def outcome(text, options):
        results = search(text, now=now, **options)
        newest = search(text, order="newest", now=now, **options)
        return results.ranked, [hit.article.pk for hit in newest.page(1, 50).object_list]

    for text in queries:
        for options in filters:
            expected = outcome(text, options)
            for drives, walk in [(["newest"], None), (["matches"], None), (["source"], None)]:
                forced = [*drives, "newest", "matches"]
                with monkeypatch.context() as patch:
                    patch.setattr(
                        Search,
                        "_drive",
                        lambda self, minimum, forced=forced, walk=walk: (
                            forced if self.source else [d for d in forced if d != "source"],
                            walk,
                            self.source[0] if self.source else None,
                        ),
                    )
                    assert outcome(text, options) == expected, (text, options, drives)
            with monkeypatch.context() as patch:
                # A walk cut short after two articles: the next way finds them all.
                patch.setattr(
                    Search,
                    "_drive",
                    lambda self, minimum: (
                        ["newest", "matches"],
                        2,
                        self.source[0] if self.source else None,
                    ),
                )
                assert outcome(text, options) == expected, (text, options, "cut short")


def test_a_search_after_a_publication_costs_no_more_queries_than_before(
    article, django_capture_on_commit_callbacks
):
    """The articles are not counted again after each change of the news (22 times slower at
    100,000 articles on PostgreSQL); the count comes with the words' own counts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article("Banjir rob di Jakarta Utara")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert search("banjir jakarta").page(1, 10).object_list
        return len(captured)

    queries()  # the synonyms, read once per change of the site
    settled = queries()
    with django_capture_on_commit_callbacks(execute=True):  # the news changed, for every process
        article("Banjir bandang di Jakarta Timur")
    assert queries() <= settled
