import pytest
from django.db import DatabaseError

from warta.news.models import Article, ArticleView
from warta.public import reads
from warta.test import make_article

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36"


def total(article) -> int:
    reads.flush()  # what the process holds goes to the database once a minute; now, here
    return sum(ArticleView.objects.filter(article=article).values_list("count", flat=True))


def test_a_reader_view_is_counted_without_a_cookie(client):
    article = make_article()
    response = client.post(f"/hit/{article.pk}/", headers={"user-agent": BROWSER})
    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    client.post(f"/hit/{article.pk}/", headers={"user-agent": BROWSER}, REMOTE_ADDR="192.0.2.9")
    assert total(article) == 2


def test_one_client_counts_once_per_article_in_the_window(client, time_machine):
    """Read-count abuse: 100 beacons from one client in a burst are one read; the same
    client counts again after the window, and on another article at once."""
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    article, other = make_article(), make_article()
    for _ in range(100):
        client.post(f"/hit/{article.pk}/", headers={"user-agent": BROWSER})
    assert total(article) == 1
    client.post(f"/hit/{other.pk}/", headers={"user-agent": BROWSER})
    assert total(other) == 1
    time_machine.move_to("2026-03-02 08:31 +07:00", tick=False)
    client.post(f"/hit/{article.pk}/", headers={"user-agent": BROWSER})
    assert total(article) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "WhatsApp/2.23.2",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.0",
        "",
        "Mozilla/5.0 HeadlessChrome/120",
    ],
)
def test_bots_are_not_counted(client, agent):
    article = make_article()
    assert client.post(f"/hit/{article.pk}/", headers={"user-agent": agent}).status_code == 204
    assert total(article) == 0


def test_unpublished_or_unknown_articles_are_not_counted(client):
    draft = make_article(status=Article.Status.DRAFT)
    assert client.post(f"/hit/{draft.pk}/", headers={"user-agent": BROWSER}).status_code == 204
    assert client.post("/hit/999999/", headers={"user-agent": BROWSER}).status_code == 204
    huge = client.post(f"/hit/{2**70}/", headers={"user-agent": BROWSER})
    assert huge.status_code == 204
    reads.flush()
    assert ArticleView.objects.count() == 0


def test_the_beacon_accepts_only_post(client):
    article = make_article()
    assert client.get(f"/hit/{article.pk}/").status_code == 405


def test_the_article_page_stays_cacheable_with_the_beacon(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-hit="/hit/{article.pk}/"' in html
    assert "csrfmiddlewaretoken" not in html


def test_a_read_costs_no_database_work_and_reaches_it_once_a_minute(
    client, django_assert_num_queries, time_machine
):
    """Most-read without a write per view: reads wait in the process's buffer; the first beacon
    after a minute writes them all in one transaction."""
    time_machine.move_to("2026-03-02 08:00 +07:00", tick=False)
    articles = [make_article() for _ in range(3)]
    reads.flush()
    reads._last_flush = reads.time.monotonic()
    for number, article in enumerate(articles):
        with django_assert_num_queries(0):
            client.post(
                f"/hit/{article.pk}/",
                headers={"user-agent": BROWSER},
                REMOTE_ADDR=f"192.0.2.{number}",
            )
    assert ArticleView.objects.count() == 0 and reads.pending() == 3
    reads._last_flush -= reads.FLUSH_EVERY  # a minute later
    client.post(f"/hit/{articles[0].pk}/", headers={"user-agent": BROWSER}, REMOTE_ADDR="192.0.2.9")
    assert reads.pending() == 0
    assert [total(article) for article in articles] == [2, 1, 1]


def test_reads_wait_for_the_database_when_it_is_down(monkeypatch):
    article = make_article()
    reads.add(article.pk)

    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(reads.actions, "record_article_reads", down)
    assert reads.flush() == 0 and reads.pending() == 1
    monkeypatch.undo()
    assert reads.flush() == 1 and total(article) == 1


def test_made_up_article_numbers_do_not_grow_the_buffer(client, monkeypatch):
    monkeypatch.setattr(reads, "MAX_ARTICLES", 5)
    for number in range(1, 50):
        reads.add(number)
    assert reads.pending() == 5
