"""A kept reader page is answered in front of Django, with exactly the status, headers and
bytes the whole stack gave it, until the page goes stale; anything the stack must judge goes
to the stack."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from warta.news import actions
from warta.public.wire_hits import WireHits
from warta.test import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(settings, tmp_path):
    """warta.wsgi's application, on the machine's file cache; the test's own database
    connection stays open between requests, as Django's test client keeps it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "warta.file_cache.CountedFileCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    stack = WSGIHandler()
    calls = []

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return stack(environ, start_response)

    application = WireHits(counted)
    application.stack_calls = calls
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def ask(app, path, method="get", **headers):
    environ = getattr(RequestFactory(), method)(path).environ
    environ["HTTP_HOST"] = "testserver"
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    answer = {}

    def start_response(status, response_headers, *exc_info):
        answer["status"], answer["headers"] = status, response_headers

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def story():
    return make_article("Pasar ikan Muara Baru buka sejak subuh", section=make_section("Nasional"))


def test_a_kept_page_is_answered_as_the_stack_answered_it(app, story):
    url = story.get_absolute_url()
    ask(app, url, accept_encoding="br")  # rendered
    through_stack = ask(app, url, accept_encoding="br")  # a hit, through every middleware
    assert app.stack_calls == [url, url]
    replayed = ask(app, url, accept_encoding="br")
    assert app.stack_calls == [url, url]  # Django never saw it
    assert replayed == through_stack
    status, headers, _ = replayed
    names = {name for name, _ in headers}
    assert status == "200 OK"
    assert {"Content-Security-Policy", "ETag", "Surrogate-Key", "Cache-Control"} <= names
    assert ("Content-Encoding", "br") in headers


def test_each_encoding_gets_its_own_answer(app, story):
    url = story.get_absolute_url()
    for _ in range(3):
        plain = ask(app, url)
        zipped = ask(app, url, accept_encoding="gzip, deflate")
    assert b"Pasar ikan Muara Baru" in plain[2]
    assert ("Content-Encoding", "gzip") in zipped[1] and zipped[2][:2] == b"\x1f\x8b"
    assert ("Content-Encoding", "gzip") not in plain[1]


def test_a_publish_ends_the_replay_at_once(app, story, django_capture_on_commit_callbacks):
    for _ in range(3):
        ask(app, "/")
    calls = len(app.stack_calls)
    draft = make_article("Dermaga baru diresmikan", section=story.section, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_article(draft, by=make_staff("redaktur", "editor"))
    assert b"Dermaga baru diresmikan" in ask(app, "/")[2]
    assert len(app.stack_calls) == calls + 1


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path_suffix": "?utm_source=wa"},
        {"if_none_match": "*"},
        {"method": "head"},
        {"method": "post"},
    ],
)
def test_what_the_stack_must_judge_goes_to_the_stack(app, story, request_kwargs):
    url = story.get_absolute_url()
    for _ in range(3):
        ask(app, url)
    calls = len(app.stack_calls)
    kwargs = dict(request_kwargs)
    status, _, _ = ask(app, url + kwargs.pop("path_suffix", ""), **kwargs)
    assert len(app.stack_calls) == calls + 1
    if "if_none_match" in request_kwargs:
        assert status.startswith("304")
    if kwargs.get("method") == "post":
        assert status.startswith("405") or status.startswith("403")


def test_a_host_the_site_does_not_serve_is_refused_not_replayed(app, story, settings):
    url = story.get_absolute_url()
    for _ in range(3):
        ask(app, url)
    environ = RequestFactory().get(url).environ
    environ["HTTP_HOST"] = "evil.example"
    answer = {}
    list(app(environ, lambda status, headers, *e: answer.update(status=status)))
    assert answer["status"].startswith("400")
