"""Importing one article page (`warta import page`, and the desk's form): an old site's story,
served by another site (127.0.0.2), becomes a draft credited to its source."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.importers.wxr_factory import jpeg
from tests.origin import Answer
from warta.importers.page import PageError, import_page
from warta.news.models import Article
from warta.test import make_section

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Nelayan Pulau Seribu Panen Rumput Laut - Kabar Lama</title>
<meta property="og:title" content="Nelayan Pulau Seribu Panen Rumput Laut">
<meta property="og:site_name" content="Kabar Lama">
<meta name="description" content="Panen tahun ini lebih baik dari tahun lalu.">
<meta name="author" content="Sari Wulandari">
<meta property="og:image" content="{image}"></head>
<body><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>
<article><h1>Nelayan Pulau Seribu Panen Rumput Laut</h1>
<p>KEPULAUAN SERIBU, Kabar Lama - Para nelayan di Pulau Seribu memanen rumput laut lebih awal tahun ini karena cuaca yang
bersahabat sepanjang musim tanam, kata ketua kelompok tani setempat kepada wartawan.</p>
<h4>Harga di tingkat pengepul</h4>
<p>Harga rumput laut kering di tingkat pengepul naik dibanding bulan lalu, sehingga pendapatan
keluarga nelayan ikut membaik menjelang akhir tahun, menurut catatan koperasi desa.</p>
<script>alert(1)</script></article>
<footer>Hak cipta Kabar Lama</footer></body></html>"""


@pytest.fixture
def story(origin):
    origin["/foto.jpg"] = Answer(body=jpeg(), headers={"Content-Type": "image/jpeg"})
    origin["/2019/nelayan"] = Answer(
        body=PAGE.format(image=f"{origin.url}/foto.jpg").encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    return f"{origin.url}/2019/nelayan"


def test_a_page_becomes_a_draft_with_its_source(story):
    section = make_section("Nasional")
    article, outcome = import_page(story, by=None, section=section)
    assert outcome == "created"
    assert (article.status, article.headline) == ("draft", "Nelayan Pulau Seribu Panen Rumput Laut")
    assert article.summary == "Panen tahun ini lebih baik dari tahun lalu."
    # The old site's dateline became the draft's own (Warta writes it on the page).
    assert article.dateline_city == "KEPULAUAN SERIBU"
    assert article.body.startswith("<p>Para nelayan di Pulau Seribu")
    assert "<h3>Harga di tingkat pengepul</h3>" in article.body
    assert "Beranda" not in article.body and "Hak cipta" not in article.body
    assert "<script" not in article.body and "<h1>" not in article.body
    assert article.body.endswith(
        f'<p>(sumber: <a href="{story}" rel="noopener">Kabar Lama</a>)</p>'
    )
    assert article.hero_image.credit == "Kabar Lama"
    again, outcome = import_page(story, by=None, section=section)
    assert (again, outcome) == (article, "unchanged")
    assert Article.objects.count() == 1


def test_pages_that_cannot_come_say_why(origin):
    section = make_section("Nasional")
    origin["/kosong"] = Answer(body=b"<html><body><nav>menu</nav></body></html>")
    origin["/hilang"] = Answer(404, b"tidak ada")
    with pytest.raises(PageError, match="tidak menemukan judul"):
        import_page(f"{origin.url}/kosong", by=None, section=section)
    with pytest.raises(PageError, match="404"):
        import_page(f"{origin.url}/hilang", by=None, section=section)
    with pytest.raises(PageError, match="jaringan privat"):
        import_page("http://192.168.1.10/berita", by=None, section=section)
    assert Article.objects.count() == 0


def test_the_command_and_a_saved_file(tmp_path, capsys):
    make_section("Nasional")
    saved = tmp_path / "berita.html"
    saved.write_text(PAGE.format(image=""))
    call_command("import", "page", str(saved), "--section", "nasional")
    assert "created: draft" in capsys.readouterr().out
    article = Article.objects.get()
    assert article.body.endswith("<p>(sumber: Kabar Lama)</p>")
    with pytest.raises(CommandError, match="no such section"):
        call_command("import", "page", str(saved), "--section", "tidak-ada")


def test_the_desk_form_is_for_editors(client, staff, story):
    client.force_login(staff["penulis"])
    assert client.get("/desk/impor/").status_code == 403
    client.force_login(staff["editor"])
    section = make_section("Nasional")
    refused = client.post("/desk/impor/", {"url": "http://10.0.0.1/x", "section": section.pk})
    assert refused.status_code == 400 and "jaringan privat" in refused.content.decode()
    response = client.post("/desk/impor/", {"url": story, "section": section.pk})
    article = Article.objects.get()
    assert response["Location"] == f"/desk/berita/{article.pk}/"
    assert article.created_by == staff["editor"]
