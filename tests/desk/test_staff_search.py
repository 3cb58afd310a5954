"""The desk's search (/desk/cari/): every article a staff member may see, in any state."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from warta.news import access
from warta.news.models import Article
from warta.search.index import sync_article
from warta.test import make_article, make_person, make_section

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def indexed(*args, created_by=None, **kwargs) -> Article:
    article = make_article(*args, **kwargs)
    if created_by is not None:
        Article.objects.filter(pk=article.pk).update(created_by=created_by)
        article.refresh_from_db()
    sync_article(article)
    return article


def found(html: str) -> list[int]:
    """The articles a result page links to, in order."""
    return [
        int(pk) for pk in re.findall(r'<a class="hit-headline" href="/desk/berita/(\d+)/">', html)
    ]


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("desk:search"), params, follow=False)


@pytest.fixture
def rina(staff):
    return make_person("Rina Kusuma")


@pytest.fixture
def other(staff):
    from warta.test import make_staff

    user = make_staff("lain", "penulis")
    return user, make_person("Dodi Prakoso", user=user)


def test_the_page_is_at_desk_cari(client, staff):
    assert reverse("desk:search") == "/desk/cari/"
    html = get(client, staff["penulis"]).content.decode()
    assert "Cara mencari" in html and "Tanpa kata" in html


def test_every_desk_page_has_the_search_box(client, staff):
    client.force_login(staff["penulis"])
    html = client.get("/desk/").content.decode()
    assert 'action="/desk/cari/"' in html and 'id="desk-q"' in html


def test_an_editor_finds_a_draft_by_another_form_of_the_word(client, staff, rina):
    draft = indexed(
        "Pembebasan Sandera di Kursk", status="draft", writers=[rina], summary="Belum terbit."
    )
    html = get(client, staff["editor"], q="membebaskan").content.decode()
    assert found(html) == [draft.pk]
    assert "<mark>Pembebasan</mark> Sandera di Kursk" in html
    assert '<span class="status status-draft">Draf</span>' in html
    assert "Rina Kusuma · Internasional · diubah" in html
    assert "1 hasil untuk “membebaskan”" in html


def test_results_show_the_date_in_wib(client, staff):
    when = datetime(2025, 4, 26, 14, 30, tzinfo=JAKARTA)
    indexed("Harga Beras Turun", published_at=when)
    html = get(client, staff["editor"], q="beras").content.decode()
    assert 'datetime="2025-04-26T14:30:00+07:00">Sabtu, 26 April 2025 14:30 WIB</time>' in html


def test_an_editor_filters_by_status(client, staff):
    draft = indexed("Banjir di Bekasi", status="draft")
    review = indexed("Banjir di Bogor", status="review")
    published = indexed("Banjir di Depok")
    assert set(found(get(client, staff["editor"], q="banjir").content.decode())) == {
        draft.pk,
        review.pk,
        published.pk,
    }
    html = get(client, staff["editor"], q="banjir", status=["draft", "review"]).content.decode()
    assert set(found(html)) == {draft.pk, review.pk}
    assert 'value="draft" id="id_status_0" checked' in html
    html = get(client, staff["editor"], q="banjir", status="published").content.decode()
    assert found(html) == [published.pk]


def test_an_editor_filters_by_writer_and_section(client, staff, rina):
    dodi = make_person("Dodi Prakoso")
    world = make_section("Internasional")
    by_rina = indexed(
        "Gempa di Cianjur", status="draft", writers=[rina], section=make_section("Nasional")
    )
    by_dodi = indexed("Gempa di Jepang", status="draft", writers=[dodi], section=world)
    html = get(client, staff["editor"], q="gempa", writer=rina.pk).content.decode()
    assert found(html) == [by_rina.pk]
    html = get(client, staff["editor"], q="gempa", section=world.pk).content.decode()
    assert found(html) == [by_dodi.pk]


def test_a_penulis_finds_their_own_draft_but_not_someone_elses(client, staff, rina, other):
    other_user, dodi = other
    mine = indexed("Rapat Anggaran Kota", status="draft", writers=[rina])
    created = indexed(
        "Rapat Anggaran Desa", status="review", writers=[dodi], created_by=staff["penulis"]
    )
    theirs = indexed(
        "Rapat Anggaran Provinsi",
        status="draft",
        writers=[dodi],
        created_by=other_user,
        summary="Bocoran zamrudkatulistiwa dari rapat.",
        body="<p>Rahasia zamrudkatulistiwa.</p>",
    )
    public = indexed("Rapat Anggaran Negara", writers=[dodi])
    html = get(client, staff["penulis"], q="rapat anggaran").content.decode()
    assert set(found(html)) == {mine.pk, created.pk, public.pk}
    assert "Provinsi" not in html
    # Not through the snippet, the count or a suggestion either.
    html = get(client, staff["penulis"], q="zamrudkatulistiwa").content.decode()
    assert found(html) == [] and "zamrudkatulistiwa dari" not in html
    html = get(client, staff["penulis"], q="zamrudkatulistiw").content.decode()
    assert "Mungkin maksud Anda" not in html
    # Filters alone obey the same rule.
    html = get(client, staff["penulis"], status="draft").content.decode()
    assert found(html) == [mine.pk]
    # The other writer finds theirs.
    assert found(get(client, other_user, q="zamrudkatulistiwa").content.decode()) == [theirs.pk]


def test_search_shows_exactly_what_access_lets_each_role_view(client, staff, rina, other):
    """The SQL rule in search.query and access.visible_articles agree with access.can."""
    other_user, dodi = other
    articles = []
    for status in ("draft", "review", "scheduled", "published", "unpublished"):
        articles.append(indexed(f"Laporan Tambang {status}", status=status, writers=[rina]))
        articles.append(
            indexed(
                f"Laporan Tambang lain {status}",
                status=status,
                writers=[dodi],
                created_by=other_user,
            )
        )
    articles.append(indexed("Laporan Tambang bersama", status="draft", writers=[dodi, rina]))
    for user in (staff["penulis"], other_user, staff["editor"], staff["admin"]):
        fresh = access.desk_article_queryset().filter(pk__in=[a.pk for a in articles])
        allowed = {a.pk for a in fresh if access.can(user, "view", a)}
        html = get(client, user, q="laporan tambang").content.decode()
        assert set(found(html)) == allowed, user.username
        assert set(access.visible_articles(user).values_list("pk", flat=True)) == allowed
        listed = get(client, user, status=[s for s, _label in Article.Status.choices])
        assert set(found(listed.content.decode())) == allowed, user.username


def test_readers_never_find_drafts(client, staff):
    indexed("Kebakaran Pasar Senen", status="draft")
    indexed("Kebakaran Pasar Senen dijadwalkan", status="scheduled")
    html = client.get("/cari/", {"q": "kebakaran senen"}).content.decode()
    assert "0 hasil untuk" in html and "Kebakaran Pasar" not in html


def test_filters_alone_list_articles_newest_first(client, staff):
    older = indexed("Berita Satu", status="draft")
    newer = indexed("Berita Dua", status="draft")
    Article.objects.filter(pk=older.pk).update(created_at=datetime(2024, 1, 1, tzinfo=JAKARTA))
    html = get(client, staff["editor"], status="draft").content.decode()
    assert found(html) == [newer.pk, older.pk]
    assert "2 berita, terbaru dahulu" in html
    html = get(client, staff["editor"], status="draft", until="2024-06-30").content.decode()
    assert found(html) == [older.pk]


def test_a_query_with_dates_counts_drafts_from_their_creation(client, staff):
    draft = indexed("Sidang Kabinet", status="draft")
    Article.objects.filter(pk=draft.pk).update(created_at=datetime(2024, 3, 5, tzinfo=JAKARTA))
    html = get(client, staff["editor"], q="sidang", since="2024-03-01", until="2024-03-31")
    assert found(html.content.decode()) == [draft.pk]
    html = get(client, staff["editor"], q="sidang", since="2024-04-01")
    assert found(html.content.decode()) == []


def test_pages_keep_the_filters(client, staff):
    for number in range(23):
        indexed(f"Demo Buruh ke-{number}", status="draft")
    html = get(client, staff["editor"], q="demo buruh", status="draft").content.decode()
    assert len(found(html)) == 20
    link = re.search(r'<a rel="next" href="\?([^"]+)">', html).group(1).replace("&amp;", "&")
    assert "q=demo+buruh" in link and "status=draft" in link and "page=2" in link
    second = client.get(f"/desk/cari/?{link}").content.decode()
    assert len(found(second)) == 3
    assert 'rel="prev"' in second


def test_a_misspelling_is_answered_with_mungkin_maksud_anda(client, staff):
    indexed("Festival Musik Kemayoran Dibuka")
    html = get(client, staff["editor"], q="festivl musik", status="published").content.decode()
    assert "Mungkin maksud Anda:" in html
    assert 'href="?q=festival+musik&amp;status=published">festival musik</a>' in html


def test_nothing_found_says_so_and_suggests(client, staff):
    indexed("Banjir Melanda Jakarta Utara")
    html = get(client, staff["editor"], q="jakrta banjr").content.decode()
    assert "0 hasil untuk “jakrta banjr”" in html and "Tidak ada yang cocok" in html
    assert "Mungkin maksud Anda:" in html and ">jakarta banjir</a>" in html
    assert "Cara mencari" not in html


def test_a_word_only_drafts_use_is_not_corrected(client, staff):
    """Suggestions know published words only; a draft's own word is no typo."""
    indexed("Kursi Menteri Diperebutkan")
    draft = indexed("Sandera di Kursk Dibebaskan", status="draft")
    html = get(client, staff["editor"], q="kursk").content.decode()
    assert found(html) == [draft.pk] and "Mungkin maksud Anda" not in html


def test_sorting_by_newest(client, staff):
    old = indexed("Pajak Kendaraan Naik", published_at=datetime(2024, 1, 1, tzinfo=JAKARTA))
    new = indexed("Pajak", status="draft")
    html = get(client, staff["editor"], q="pajak", order="newest").content.decode()
    assert found(html) == [new.pk, old.pk]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "x" * 1000}, "q", "paling banyak 200 karakter"),
        ({"q": "banjir", "since": "2025-13-45"}, "since", "Masukkan tanggal yang valid."),
        ({"q": "banjir", "since": "0001-01-01"}, "since", "antara 1990 dan 2099"),
        ({"q": "banjir", "until": "9999-12-31"}, "until", "antara 1990 dan 2099"),
        (
            {"q": "banjir", "since": "2025-02-01", "until": "2025-01-01"},
            "until",
            "sebelum tanggal awal",
        ),
        ({"q": "banjir", "writer": "999999"}, "writer", "Penulis itu tidak ada"),
        ({"q": "banjir", "writer": "abc"}, "writer", "Penulis itu tidak ada"),
        ({"q": "banjir", "section": "1 OR 1=1"}, "section", "Rubrik itu tidak ada"),
        ({"q": "banjir", "status": "deleted"}, "status", "Tidak ada status “deleted”"),
        ({"q": "banjir", "order": "random"}, "order", "Urutkan menurut"),
        ({"q": "banjir\x00"}, "q", "Karakter null tidak diizinkan."),
    ],
)
def test_bad_input_is_explained_next_to_its_field(client, staff, params, field, message):
    response = get(client, staff["editor"], **params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert found(html) == []


@pytest.mark.parametrize(
    "query",
    [
        '"banjir',
        "banjir\"'",
        "NEAR(banjir bekasi, 2) {headline}: * ^banjir",
        "banjir & !bekasi | <-> :*",
        "' OR 1=1 --",
        "-",
        '""',
        "OR",
        "🙂 新闻",
    ],
)
def test_strange_queries_never_fail(client, staff, query):
    indexed("Banjir di Bekasi", status="draft")
    response = get(client, staff["editor"], q=query)
    assert response.status_code == 200


def test_a_page_out_of_range_is_not_found_and_a_bad_one_is_the_first(client, staff):
    indexed("Banjir di Bekasi", status="draft")
    assert get(client, staff["editor"], q="banjir", page="999").status_code == 404
    assert get(client, staff["editor"], q="banjir", page="abc").status_code == 200
    assert get(client, staff["editor"], q="banjir", page="-1").status_code == 200


def test_the_query_is_escaped(client, staff):
    indexed("Banjir di Bekasi", status="draft")
    html = get(client, staff["editor"], q='"><script>alert(1)</script> banjir').content.decode()
    assert "<script>alert(1)</script>" not in html
