"""Reader pages on a streaming PostgreSQL replica (warta/replica.py), on a cluster started with
a primary and a replica of its own (`make cluster` with --replica): readers read the replica
while it is current, a publish is never hidden by its lag, and readers are served without it.
Requests go to the app server directly, so nginx's copies do not hide what the app server does.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from deploy.cluster import NGINX, Cluster
from deploy.postgres_pair import postgres_bin

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (make test-deps installs Debian's nginx)")
    if postgres_bin() is None:
        pytest.skip("PostgreSQL's server binaries are not installed")
    folder = tmp_path_factory.mktemp("replica-cluster")
    with Cluster(folder, apps=1, workers=1, replica=True) as running:
        code = (
            "from warta.test import make_staff, make_section; from warta.news import actions; "
            "user = make_staff('redaktur', 'editor'); make_section('Nasional'); "
            "print(actions.create_api_token(user, name='uji replika', by=None)[1])"
        )
        running.token = running.warta("shell", "-c", code).split()[-1]
        yield running


def sql(url: str, query: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        return connection.execute(query, params).fetchall()


def publish(cluster, headline: str) -> str:
    """Publish through the API; the article page's path."""

    def call(method: str, path: str, payload: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{cluster.app_url(1)}/api/v1{path}",
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={
                "Authorization": f"Bearer {cluster.token}",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return json.loads(answer.read())

    draft = call(
        "POST",
        "/desk/articles",
        {"headline": headline, "section": "nasional", "body": f"<p>{headline}, kata warga.</p>"},
    )
    return urlsplit(call("POST", f"/desk/articles/{draft['id']}/publish")["url"]).path


def page(cluster, path: str) -> str:
    with urllib.request.urlopen(cluster.app_url(1) + path, timeout=10) as answer:  # noqa: S310
        return answer.read().decode()


def on_replica(cluster, headline: str) -> bool:
    replica = cluster.pair.url("replica", cluster.name)
    return bool(sql(replica, "SELECT 1 FROM news_article WHERE headline = %s", (headline,)))


def caught_up(cluster) -> Callable[[], bool]:
    """The replica has replayed everything the primary had written when this was asked."""
    (written,) = sql(cluster.pair.url("primary"), "SELECT pg_current_wal_insert_lsn()")[0]
    replica = cluster.pair.url("replica")
    return lambda: sql(replica, "SELECT pg_last_wal_replay_lsn() >= %s", (written,))[0][0]


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def replica_queries(cluster) -> list[str]:
    """The last statement of each connection the app server holds to the replica."""
    return [
        query
        for (query,) in sql(
            cluster.pair.url("replica", cluster.name),
            "SELECT query FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (cluster.name,),
        )
    ]


def test_reader_pages_read_the_replica_once_it_has_the_news(cluster):
    headline = "Perpustakaan keliling kini singgah di tiga kelurahan"
    path = publish(cluster, headline)
    wait_until(caught_up(cluster))

    assert headline in page(cluster, path)
    assert headline in page(cluster, "/nasional/")

    queries = replica_queries(cluster)
    assert any("news_article" in query for query in queries), queries


def test_a_publish_shows_at_once_while_the_replica_lags_behind(cluster):
    replica = cluster.pair.url("replica", cluster.name)
    page(cluster, "/nasional/")  # stored before the publish
    sql(replica, "SELECT pg_wal_replay_pause()")
    try:
        headline = "Pasar takjil Ramadan dibuka lebih awal di Kemayoran"
        path = publish(cluster, headline)
        time.sleep(0.3)
        assert not on_replica(cluster, headline)  # the replica lags: it has not seen the news

        assert headline in page(cluster, path)
        assert headline in page(cluster, "/nasional/")
    finally:
        sql(replica, "SELECT pg_wal_replay_resume()")
    wait_until(lambda: on_replica(cluster, headline))


def test_readers_are_served_while_the_replica_is_down(cluster):
    page(cluster, "/nasional/")
    cluster.pair.stop_server("replica")
    try:
        headline = "Warga Tebet menanam seribu pohon di bantaran kali"
        path = publish(cluster, headline)

        assert headline in page(cluster, path)
        assert headline in page(cluster, "/nasional/")
        assert "Perpustakaan keliling" in page(cluster, "/")
    finally:
        cluster.pair.start_server("replica")
    wait_until(lambda: on_replica(cluster, headline))
    assert headline in page(cluster, path)
