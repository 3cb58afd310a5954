"""Warta on several machines, on one: the cluster `make cluster` starts (deploy/cluster.py):
PostgreSQL, Redis, an S3-compatible store, three app servers, two workers and nginx in front.
Everything goes through HTTP as a newsroom's apps and readers would (the API with a token, the
desk's sign-in form, reader pages), each request to the node the test names."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from io import BytesIO

import pytest
import urllib3
from PIL import Image

from deploy.cluster import NGINX, Cluster

pytestmark = pytest.mark.cluster

POSTGRES = os.environ.get(
    "WARTA_TEST_POSTGRES_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "redaktur-Sandi-Rahasia-1"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (make test-deps installs Debian's nginx)")
    try:
        import psycopg

        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - any reason PostgreSQL cannot be reached
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}: {error}")
    with Cluster(tmp_path_factory.mktemp("cluster"), postgres=POSTGRES) as running:
        code = (
            "from warta.test import make_staff, make_section; from warta.news import actions; "
            "user = make_staff('redaktur', 'editor'); make_section('Nasional'); "
            "print(actions.create_api_token(user, name='uji klaster', by=None)[1])"
        )
        running.token = running.warta("shell", "-c", code).split()[-1]
        yield running


def api(cluster, node: int, method: str, path: str, payload: dict | None = None) -> dict:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{cluster.app_url(node)}/api/v1{path}",
        method=method,
        data=json.dumps(payload).encode() if payload is not None else None,
        headers={"Authorization": f"Bearer {cluster.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read())


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback only
        return answer.read().decode()


def every_reader_door(cluster) -> list[str]:
    return [cluster.url, *(cluster.app_url(n) for n in range(1, cluster.apps + 1))]


def test_a_publish_on_one_node_shows_through_every_node_and_the_edge_within_a_second(cluster):
    doors = every_reader_door(cluster)
    for door in doors:
        page(door + "/nasional/")
        page(door + "/nasional/")
    headline = "Jembatan penyeberangan baru dibuka di Jatinegara"
    draft = api(
        cluster,
        1,
        "POST",
        "/desk/articles",
        {
            "headline": headline,
            "section": "nasional",
            "body": "<p>Jembatan itu dibuka pagi ini.</p>",
        },
    )
    api(cluster, 1, "POST", f"/desk/articles/{draft['id']}/publish")
    published = time.time()
    late: dict[str, float] = {}
    while len(late) < len(doors) and time.time() - published < 30:
        for door in doors:
            if door not in late and headline in page(door + "/nasional/"):
                late[door] = time.time() - published
        time.sleep(0.02)
    assert set(late) == set(doors)
    assert all(delay <= 1.0 for delay in late.values()), late


def test_a_desk_session_survives_moving_between_nodes(cluster):
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{cluster.app_url(1)}/desk/masuk/"
    form = browser.open(login, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "redaktur", "password": PASSWORD}
    ).encode()
    sign_in = urllib.request.Request(login, data=data, headers={"Referer": login})  # noqa: S310
    signed_in = browser.open(sign_in)
    assert "/desk/masuk/" not in signed_in.url
    for node in (2, 3):
        desk = browser.open(f"{cluster.app_url(node)}/desk/", timeout=10)
        assert desk.url.endswith("/desk/"), desk.url  # not sent back to sign in
        assert "redaktur" in desk.read().decode()
    through_edge = browser.open(f"{cluster.url}/desk/", timeout=10)
    assert through_edge.url.endswith("/desk/") and through_edge.headers["X-Cache"] == "BYPASS"


def test_a_scheduled_article_is_published_exactly_once_by_two_workers(cluster):
    headline = "Pasar murah digelar serentak di lima kecamatan"
    draft = api(
        cluster,
        2,
        "POST",
        "/desk/articles",
        {"headline": headline, "section": "nasional", "body": "<p>Pasar murah dibuka.</p>"},
    )
    when = datetime.now().astimezone() + timedelta(seconds=3)
    api(cluster, 2, "POST", f"/desk/articles/{draft['id']}/schedule", {"at": when.isoformat()})
    deadline = time.time() + 30
    while headline not in page(cluster.url + "/nasional/"):
        assert time.time() < deadline, "the scheduled article was not published"
        time.sleep(0.2)
    time.sleep(2.5)  # both workers have swept again since
    code = (
        "from warta.news.models import AuditEntry; "
        f"entries = AuditEntry.objects.filter(action='publish', article_id={draft['id']}); "
        "print(entries.count(), entries.filter(summary='terbit terjadwal').count())"
    )
    published, by_worker = cluster.warta("shell", "-c", code).split()[-2:]
    assert (published, by_worker) == ("1", "1")
    assert api(cluster, 3, "GET", f"/desk/articles/{draft['id']}")["status"] == "published"


def _photo() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (1600, 900), "#2a6f97").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def test_renditions_made_by_one_node_are_served_by_all(cluster):
    upload = urllib3.request(
        "POST",
        f"{cluster.app_url(3)}/api/v1/desk/photos",
        headers={"Authorization": f"Bearer {cluster.token}"},
        fields={
            "file": ("tanggul.jpg", _photo(), "image/jpeg"),
            "caption": "Tanggul darurat di pesisir utara",
            "credit": "Warta/Uji",
            "alt_text": "Karung pasir di tepi laut",
        },
        timeout=30,
    )
    assert upload.status == 201, upload.data
    photo = json.loads(upload.data)["id"]
    headline = "Tanggul darurat menahan air pasang"
    draft = api(
        cluster,
        3,
        "POST",
        "/desk/articles",
        {
            "headline": headline,
            "section": "nasional",
            "hero_image": photo,
            "body": "<p>Tanggul itu menahan air.</p>",
        },
    )
    story = api(cluster, 3, "POST", f"/desk/articles/{draft['id']}/publish")
    path = story["url"].split("://", 1)[-1].split("/", 1)[-1]
    deadline = time.time() + 60
    for node in (1, 2):
        while True:
            html = page(f"{cluster.app_url(node)}/{path}")
            sources = re.findall(r'src="([^"]+/renditions/[^"]+)"', html)
            if sources:
                break
            assert time.time() < deadline, "no rendition reached the page"
            time.sleep(0.5)
        with urllib.request.urlopen(sources[0], timeout=10) as answer:  # noqa: S310
            assert answer.headers["Content-Type"] in {"image/jpeg", "image/webp"}
            assert len(answer.read()) > 1000
        assert sources[0].startswith(cluster.s3_url)


def test_an_app_server_killed_under_load_costs_no_reader_request(cluster):
    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    def reader(number: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            # A query string of its own reaches an app server every time (the edge keeps none).
            url = f"{cluster.url}/nasional/?dari=pembaca-{number}-{count}"
            try:
                with urllib.request.urlopen(url, timeout=15) as answer:  # noqa: S310
                    answer.read()
                    served[0] += 1
            except (urllib.error.URLError, OSError) as error:
                failures.append(f"{url}: {error}")

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(6)]
    for thread in readers:
        thread.start()
    time.sleep(1.5)
    before = served[0]
    cluster.stop_app(2, kill=True)
    # Really gone, worker and all: nothing answers on its port any more.
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{cluster.app_url(2)}/robots.txt", timeout=2)  # noqa: S310
    time.sleep(3)
    stop.set()
    for thread in readers:
        thread.join()
    assert before > 0 and served[0] > before
    assert failures == []
    cluster.start_app(2)
