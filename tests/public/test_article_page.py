import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from warta.news.models import Article
from warta.test import make_article, make_image, make_person, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    parent = make_section("Internasional")
    asia = make_section("Asia Pasifik", parent=parent)
    fotografer = make_person("Yoga Prasetyo", roles=["fotografer"])
    return make_article(
        "Korea Utara Gelar Latihan Militer di Dekat Perbatasan",
        section=asia,
        writers=[make_person("Rina Kusuma"), make_person("Lestari Hadi")],
        editor=make_person("Bambang Sutrisno", roles=["editor"]),
        image=make_image(caption="Tentara berlatih", credit="KCNA", photographer=fotografer),
        tags=["Korea Utara", "Militer"],
        kicker="MILITER",
        summary="Latihan berlangsung tiga hari.",
        city="Seoul",
        body='<p>Latihan dimulai pagi ini.</p><h2>Reaksi</h2><figure class="kutipan"><blockquote><p>"Kami waspada."</p></blockquote><figcaption>Pejabat</figcaption></figure>',
    )


def get(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_one_headline_kicker_and_summary(client, story):
    html = get(client, story)
    assert html.count("<h1") == 1
    assert "<h1>Korea Utara Gelar Latihan Militer di Dekat Perbatasan</h1>" in html
    assert '<p class="kicker">MILITER</p>' in html
    assert '<p class="dek">Latihan berlangsung tiga hari.</p>' in html


def test_it_uses_semantic_landmarks(client, story):
    html = get(client, story)
    for element in ("<header", "<nav", "<main", "<article", "<figure", "<time", "<footer"):
        assert element in html
    assert '<html lang="id">' in html


def test_breadcrumb_goes_home_then_section_then_sub_section(client, story):
    html = get(client, story)
    crumb = re.search(r'<nav aria-label="breadcrumb".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", crumb) == ["Beranda", "Internasional", "Asia Pasifik"]
    assert '"@type":"BreadcrumbList"' in html
    assert '"item":"https://warta.example/internasional/"' in html


def test_the_breadcrumb_separator_is_the_model_pages(client):
    """Beranda › Internasional, as on the model page and in search results' breadcrumbs."""
    from django.contrib.staticfiles import finders

    css = open(finders.find("public/warta.css"), encoding="utf-8").read()
    assert '.breadcrumb li+li::before{content:"›"' in css


def test_byline_joins_writers_and_links_them(client, story):
    html = get(client, story)
    assert (
        'Oleh <a href="/penulis/rina-kusuma/">Rina Kusuma</a> dan <a href="/penulis/lestari-hadi/">Lestari Hadi</a>'
        in html
    )


def test_publication_time_is_in_wib_with_offset(client, story):
    html = get(client, story)
    local = timezone.localtime(story.published_at)
    assert re.search(
        r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00">\w+, \d+ \w+ \d{4} \d\d:\d\d WIB</time>',
        html,
    )
    assert f"{local:%H:%M} WIB" in html
    assert "Diperbarui" not in html


def test_it_says_when_the_story_was_updated(client, story):
    Article.objects.filter(pk=story.pk).update(updated_at=story.published_at + timedelta(hours=2))
    html = get(client, story)
    assert "Diperbarui" in html


def test_share_links_carry_the_canonical_url(client, story):
    html = get(client, story)
    canonical = f"https://warta.example{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    encoded = quote(canonical, safe="")
    for target in (
        "https://wa.me/?text=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://twitter.com/intent/tweet?",
        "https://t.me/share/url?url=",
        "https://social-plugins.line.me/lineit/share?url=",
        "mailto:?",
    ):
        link = re.search(rf'href="({re.escape(target)}[^"]*)"', html).group(1)
        assert encoded in link, target
    assert "Salin tautan" in html
    assert f'data-url="{canonical}"' in html


def test_no_third_party_script(client, story):
    html = get(client, story)
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_hero_photo_is_responsive_with_caption_and_credit(client, story):
    html = get(client, story)
    figure = re.search(r'<figure class="hero">.*?</figure>', html, re.S).group(0)
    assert '<source type="image/webp" srcset="' in figure
    webp = re.search(r'type="image/webp" srcset="([^"]+)"', figure).group(1)
    assert len(webp.split(",")) >= 3 and "480w" in webp and "1600w" in webp
    jpeg = re.search(r'<img src="([^"]+)" srcset="([^"]+)"', figure)
    assert jpeg.group(1).endswith(".jpg") and "1200w" in jpeg.group(2)
    assert (
        'sizes="' in figure
        and 'width="800" height="450"' in figure
        and 'alt="Barisan tentara di lapangan"' in figure
    )
    assert "originals/" not in html
    assert (
        '<figcaption>Foto: Tentara berlatih <span class="credit">(sumber: KCNA)</span></figcaption>'
        in figure
    )


def test_renditions_are_served_and_cached_forever(client, story):
    html = get(client, story)
    url = re.search(r'<figure class="hero">.*?<img src="([^"]+)"', html, re.S).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_lead_opens_with_the_dateline(client, story):
    html = get(client, story)
    assert (
        '<p><strong class="dateline">SEOUL, Warta</strong> - Latihan dimulai pagi ini.</p>' in html
    )


def test_lead_without_city_opens_with_the_outlet(client):
    article = make_article(body="<p>Isi.</p>")
    assert '<p><strong class="dateline">Warta</strong> - Isi.</p>' in get(client, article)


def test_the_dateline_opens_the_first_paragraph_of_the_story_not_a_quote(client):
    """A story that opens with a quote (or a list) gets its dateline on the first paragraph of
    its own text: "Warta - " belongs to the newsroom's words, not to the person quoted."""
    article = make_article(
        body=(
            '<figure class="kutipan"><blockquote><p>Kami ingin air bersih.</p></blockquote>'
            "<figcaption>Ketua RT 05</figcaption></figure>"
            "<ul><li><p>Sumur bor</p></li></ul><p>Warga berkumpul di balai desa.</p>"
        )
    )
    html = get(client, article)
    assert "<blockquote><p>Kami ingin air bersih.</p></blockquote>" in html
    assert '<p><strong class="dateline">Warta</strong> - Warga berkumpul di balai desa.</p>' in html


def test_body_keeps_quotes_and_subheadings(client, story):
    html = get(client, story)
    assert "<h2>Reaksi</h2>" in html
    assert (
        '<figure class="kutipan"><blockquote><p>"Kami waspada."</p></blockquote><figcaption>Pejabat</figcaption></figure>'
        in html
    )


def test_tags_link_to_their_pages(client, story):
    html = get(client, story)
    assert '<a href="/tag/korea-utara/">Korea Utara</a>' in html
    assert '<a href="/tag/militer/">Militer</a>' in html


def test_credit_box_names_writer_editor_and_photographer(client, story):
    html = get(client, story)
    credits = re.search(r'<footer class="credits">.*?</footer>', html, re.S).group(0)
    assert (
        'Penulis: <a href="/penulis/rina-kusuma/">Rina Kusuma</a> dan <a href="/penulis/lestari-hadi/">Lestari Hadi</a>'
        in credits
    )
    assert 'Editor: <a href="/penulis/bambang-sutrisno/">Bambang Sutrisno</a>' in credits
    assert 'Fotografer: <a href="/penulis/yoga-prasetyo/">Yoga Prasetyo</a>' in credits


def test_related_news_lists_others_never_itself(client, story):
    other = make_article(
        "Korea Selatan Tingkatkan Kewaspadaan", section=story.section, tags=["Korea Utara"]
    )
    make_article("Draf yang belum terbit", section=story.section, status=Article.Status.DRAFT)
    html = get(client, story)
    related = re.search(r'<aside class="related".*?</aside>', html, re.S).group(0)
    assert "Berita Terkait" in related
    assert other.headline in related
    assert story.headline not in related
    assert "Draf yang belum terbit" not in related


def test_footer_links_the_static_pages(client, story):
    from warta.news.models import Page

    for order, (slug, title) in enumerate(
        [
            ("tentang-kami", "Tentang Kami"),
            ("redaksi", "Redaksi"),
            ("pedoman-media-siber", "Pedoman Media Siber"),
            ("kontak", "Kontak"),
            ("kebijakan-privasi", "Kebijakan Privasi"),
        ]
    ):
        Page.objects.create(slug=slug, title=title, body="<p>x</p>", order=order)
    html = get(client, story)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    for slug, title in [
        ("tentang-kami", "Tentang Kami"),
        ("redaksi", "Redaksi"),
        ("pedoman-media-siber", "Pedoman Media Siber"),
        ("kontak", "Kontak"),
        ("kebijakan-privasi", "Kebijakan Privasi"),
    ]:
        assert f'<a href="/halaman/{slug}/">{title}</a>' in footer


def test_wrong_slug_or_section_redirects_permanently(client, story):
    canonical = story.get_absolute_url()
    for url in (
        f"/internasional/{story.pk}/judul-lama/",
        f"/nasional-x/{story.pk}/{story.slug}/",
        f"/asia-pasifik/{story.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == canonical


def test_a_dated_address_from_another_site_is_not_taken_for_a_story_number(client, story):
    """/2024/03/judul/ (WordPress's year/month permalinks, a month archive /2024/03/) has the
    shape of /<section>/<number>/<slug>/; with no such section and not this story's slug, it
    is not an address of story number 3 and answers 404, not a redirect to that story."""
    for url in (
        f"/2024/{story.pk:02d}/judul-berita-lain/",
        f"/2024/{story.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    moved = client.get(f"/2024/{story.pk}/{story.slug}/")  # its own slug: the story, moved
    assert (moved.status_code, moved["Location"]) == (301, story.get_absolute_url())


@pytest.mark.parametrize(
    "status",
    [
        Article.Status.DRAFT,
        Article.Status.REVIEW,
        Article.Status.SCHEDULED,
        Article.Status.UNPUBLISHED,
    ],
)
def test_unpublished_articles_are_hidden(client, status):
    article = make_article(
        "Rahasia redaksi", status=status, published_at=timezone.now() + timedelta(hours=1)
    )
    response = client.get(f"/{article.section.slug}/{article.pk}/{article.slug}/")
    assert response.status_code == 404
    assert "Rahasia redaksi" not in response.content.decode()
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_published_article_dated_in_the_future_is_hidden(client):
    article = make_article(published_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_article_is_the_indonesian_404(client):
    make_section("Nasional")
    response = client.get("/nasional/999999/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_inline_photos_keep_their_srcset_caption_and_credit_through_the_sanitizer(client):
    from warta.lib.html import clean_html
    from warta.media.html import inline_figure_html

    photo = make_image(
        caption="Tribune penuh", credit="Warta/Yoga Prasetyo", alt_text="Tribune stadion"
    )
    body = clean_html(f"<p>Satu.</p>{inline_figure_html(photo)}<p>Dua.</p>")
    html = get(client, make_article(body=body))
    figure = re.search(r'<figure class="gambar">.*?</figure>', html, re.S).group(0)
    assert '<source type="image/webp" srcset="' in figure
    assert (
        'loading="lazy"' in figure
        and 'width="800" height="450"' in figure
        and 'alt="Tribune stadion"' in figure
    )
    assert 'Foto: Tribune penuh <span class="credit">(sumber: Warta/Yoga Prasetyo)</span>' in figure


def test_share_links_follow_the_headline_the_label_and_the_language(story):
    """They are drawn once per address, headline and language: a change to any shows at once."""
    from django.utils import translation

    from warta.public.templatetags.warta import share_links

    def text(html: str) -> str:
        return re.search(r'data-title="([^"]*)"', html).group(1)

    before = share_links(story)
    assert text(before) == story.headline
    story.headline = "Latihan Militer Diperpanjang Sepekan"
    assert text(share_links(story)) == "Latihan Militer Diperpanjang Sepekan"
    story.kind = Article.Kind.SPONSORED
    assert text(share_links(story)) == f"{story.label}: Latihan Militer Diperpanjang Sepekan"
    with translation.override("en"):
        assert "Copy link" in share_links(story)
    with translation.override("id"):
        assert "Salin tautan" in share_links(story)
