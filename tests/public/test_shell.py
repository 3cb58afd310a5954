"""The masthead and footer are drawn once per process (public.shell), and still show every
change at once: a new tagline, a new section, the page's own section, the reader's search."""

import re

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Section, SiteSettings
from warta.test import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_staff("pengelola", "admin")


def test_a_new_tagline_and_tip_address_show_on_every_page_at_once(
    client, admin, django_capture_on_commit_callbacks
):
    article = make_article(section=make_section("Nasional"))
    pages = ["/", "/nasional/", article.get_absolute_url()]
    for url in pages:
        assert "Kabar terpercaya" not in client.get(url).content.decode()

    site = SiteSettings.load()
    site.tagline = "Kabar terpercaya"
    site.contact_email = "tips@warta.example"
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_site_settings(site, changed=["tagline", "contact_email"], by=admin)
    for url in pages:
        page = client.get(url).content.decode()
        assert '<p class="tagline">Kabar terpercaya</p>' in page, url
        assert 'href="mailto:tips@warta.example"' in page, url


def test_a_new_section_joins_the_menu_and_the_page_marks_its_own(
    client, admin, django_capture_on_commit_callbacks
):
    article = make_article(section=make_section("Nasional", order=1))
    assert "Olahraga" not in client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        actions.save_site_record(Section(name="Olahraga", slug="olahraga", order=2), by=admin)
    home = client.get("/").content.decode()
    assert '<li><a href="/olahraga/">Olahraga</a></li>' in home
    assert 'aria-current="page"' not in home
    story = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/nasional/" aria-current="page">Nasional</a>' in story
    assert '<a href="/olahraga/">Olahraga</a>' in story


def test_the_search_box_holds_the_readers_words_on_their_page_only(client):
    make_article("Harga beras naik", section=make_section("Ekonomi"))
    searched = client.get("/cari/", {"q": "harga beras"}).content.decode()
    box = re.compile(r'<input id="q" name="q" type="search" [^>]*value="([^"]*)"')
    assert box.search(searched).group(1) == "harga beras"
    assert box.search(client.get("/").content.decode()).group(1) == ""


def test_the_footer_shows_this_year(client):
    year = timezone.localdate().year
    assert f"© {year} " in client.get("/").content.decode()
