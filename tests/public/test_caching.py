import pytest

from warta.test import make_article, make_section

pytestmark = pytest.mark.django_db

READER_URLS = ["/", "/nasional/", "ARTICLE", "/tag/banjir/", "/indeks/", "/cari/?q=banjir"]


@pytest.fixture
def urls():
    article = make_article("Banjir di Jakarta", section=make_section("Nasional"), tags=["Banjir"])
    return [article.get_absolute_url() if url == "ARTICLE" else url for url in READER_URLS]


def test_reader_pages_are_publicly_cacheable(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=60" in cache_control, url
        assert "stale-while-revalidate=300" in cache_control, url
        assert response.has_header("ETag"), url


def test_reader_pages_set_no_cookie_and_do_not_vary_on_it(client, urls):
    for url in urls:
        response = client.get(url)
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url


def test_a_matching_conditional_request_gets_304(client, urls):
    for url in urls:
        etag = client.get(url)["ETag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304, url
        assert again.content == b""


def test_a_cached_page_is_served_from_the_cache(client, urls, django_assert_num_queries):
    client.get(urls[2])
    with django_assert_num_queries(0):
        assert client.get(urls[2]).status_code == 200


def test_head_requests_are_answered(client, urls):
    assert client.head(urls[0]).status_code == 200
