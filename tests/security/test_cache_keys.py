"""Cache-key pollution: only the parameters a page reads are part of its cache key.

Cases tried: 300 junk query strings on the home page, a section page and an article (900
requests), against the number of cache entries; the parameters a page does read still make
their own entries (pages of a section, search queries).
"""

import pytest
from django.core.cache import cache

from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db


def page_entries() -> int:
    return sum(1 for key in cache._cache if ":warta:pages:" in key)


def test_junk_query_strings_make_no_new_cache_entries(client):
    section = make_section("Nasional")
    story = make_article("Banjir rob di pesisir", section=section)
    for path in ("/", "/nasional/", story.get_absolute_url()):
        client.get(path)
    baseline = page_entries()
    for number in range(300):
        for path in ("/", "/nasional/", story.get_absolute_url()):
            response = client.get(f"{path}?utm_source=x{number}&fbclid={number}")
            assert response.status_code == 200
    assert page_entries() == baseline


def test_the_parameters_a_page_reads_still_count(client, settings):
    settings.WARTA_PAGE_SIZE = 1
    section = make_section("Nasional")
    first = make_article("Berita pertama", section=section)
    make_article("Berita kedua", section=section)
    one = client.get("/nasional/").content.decode()
    two = client.get("/nasional/?page=2").content.decode()
    assert one != two and (first.headline in one) != (first.headline in two)
    assert "Banjir" not in client.get("/cari/?q=gempa").content.decode()
