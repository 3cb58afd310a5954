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


def test_a_hit_is_served_compressed_without_compressing_or_hashing(client, urls, monkeypatch):
    import gzip

    import brotli
    import django.middleware.gzip as gzip_middleware
    import django.middleware.http as conditional_middleware

    for url in urls:
        fresh = client.get(url, headers={"accept-encoding": "gzip"})  # rendered and stored
        plain = (
            gzip.decompress(fresh.content)
            if fresh.has_header("Content-Encoding")
            else (fresh.content)
        )

        def refuse(*args, **kwargs):
            raise AssertionError("a cache hit compressed or hashed the page again")

        monkeypatch.setattr(gzip_middleware, "compress_string", refuse)
        monkeypatch.setattr(gzip_middleware, "compress_sequence", refuse)
        monkeypatch.setattr(conditional_middleware, "set_response_etag", refuse)
        hit = client.get(url, headers={"accept-encoding": "gzip, deflate"})
        assert hit["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in hit["Vary"], url
        assert gzip.decompress(hit.content) == plain, url
        squeezed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
        assert squeezed["Content-Encoding"] == "br", url  # what browsers ask over https
        assert brotli.decompress(squeezed.content) == plain, url
        assert len(squeezed.content) < len(hit.content), url
        identity = client.get(url)
        assert identity.content == plain and not identity.has_header("Content-Encoding"), url
        assert identity["ETag"] != hit["ETag"], url  # one validator per encoding
        again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": hit["ETag"]})
        assert again.status_code == 304, url
        monkeypatch.undo()


def test_a_stored_page_holds_its_compressed_copies_only(client, urls):
    """The plain page is not stored beside its gzip and brotli copies (it doubled the entry);
    a reader who takes neither still gets it whole (the test above)."""
    import pickle

    from django.core.cache import cache

    from warta.public import cache as page_cache

    client.get(urls[2], headers={"accept-encoding": "br"})
    (name,) = [key.split(":", 2)[2] for key in cache._cache if page_cache.PAGE_PREFIX in key]
    entry = cache.get(name)
    assert entry.page.small is None and entry.precompressed
    stored = pickle.dumps(entry)
    assert b"Banjir di Jakarta" not in stored
    assert len(stored) < len(entry.page.content)


def test_each_release_keeps_its_own_pages(tmp_path):
    """Stored pages are kept per release (public.release): after an upgrade that changes a
    template, readers get pages the new release renders, not those of the one before; machines
    running the same release (files unpacked at other times) share theirs."""
    import os
    import shutil

    from warta.public import cache as page_cache
    from warta.public import release

    one = tmp_path / "one"
    (one / "templates").mkdir(parents=True)
    (one / "templates" / "article.html").write_text("<h1>{{ headline }}</h1>")
    (one / "views.py").write_text("LIMIT = 6\n")
    two = tmp_path / "two"
    shutil.copytree(one, two)
    os.utime(two / "views.py", (0, 0))  # another machine, another time
    assert release.digest(one) == release.digest(two)
    (two / "templates" / "article.html").write_text("<h1 class='judul'>{{ headline }}</h1>")
    assert release.digest(one) != release.digest(two)
    assert page_cache.PAGE_PREFIX == f"warta:pages:{release.current()}:"
