"""The staff API's permission table: every operation × role × article state. A token acts with
its user's role and nothing more, exactly as news.access decides for the desk; a denied call is
403 (or 404 where the article may not even be seen) and changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import access
from warta.news.models import Article, AuditEntry, Correction, Revision
from warta.news.revisions import snapshot
from warta.test import make_article

pytestmark = pytest.mark.django_db

STATES = ("draft", "review", "scheduled", "published")


def _payloads(article):
    edit = {**snapshot(article), "section": "internasional", "topic": None, "editor": None}
    edit.pop("writers")
    edit["headline"] = "Judul disunting lewat API"
    edit["base_revision"] = article.current_revision_id
    later = (timezone.now() + timedelta(days=1)).isoformat()
    return {
        # operation: (method, path suffix, body, the access rule it must follow)
        "view": ("GET", "", None, "view"),
        "save": ("PUT", "", edit, "edit"),
        "submit": ("POST", "/submit", {}, "submit"),
        "return": ("POST", "/return", {"note": "Cek lagi angkanya"}, "return"),
        "publish": ("POST", "/publish", {}, "publish"),
        "schedule": ("POST", "/schedule", {"at": later}, "schedule"),
        "unschedule": ("POST", "/unschedule", {}, "unschedule"),
        "unpublish": ("POST", "/unpublish", {"reason": "Sumber keliru"}, "unpublish"),
        "correct": (
            "POST",
            "/corrections",
            {"kind": "koreksi", "text": "Angka diperbaiki"},
            "correct",
        ),
    }


def _state(article):
    article = Article.objects.get(pk=article.pk)
    return (
        article.status,
        article.headline,
        article.published_at,
        Revision.objects.filter(article=article).count(),
        Correction.objects.filter(article=article).count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", ["penulis-own", "penulis-other", "editor", "admin"])
def test_every_operation_follows_the_access_rules(api_as, cast, who, state):
    role = who.split("-")[0]
    author = cast["penulis"][0] if who == "penulis-own" else cast["lain"][0]
    user = cast[role][0]
    for operation in _payloads(make_article("x", status="draft")):
        article = make_article(f"Berita {operation} {state}", status=state, by=author)
        method, suffix, body, rule = _payloads(article)[operation]
        allowed = access.can(user, rule, article)
        visible = access.can(user, "view", article)
        before = _state(article)
        response = api_as(role).call(method, f"/desk/articles/{article.pk}{suffix}", body)
        case = f"{who} {operation} {state}: {response.status_code} {response.content[:200]}"
        if allowed:
            assert response.status_code in (200, 201), case
            if method != "GET":
                assert _state(article) != before, case
        else:
            assert response.status_code == (403 if visible else 404), case
            assert response.json()["code"] in ("forbidden", "not_found"), case
            assert _state(article) == before, case


def test_the_table_says_what_a_newsroom_expects(api_as, cast):
    """A few rows written out, so the table above cannot drift with the rules unnoticed."""
    writer, other = cast["penulis"][0], cast["lain"][0]
    own = make_article("Draf sendiri", status="draft", by=writer)
    theirs = make_article("Draf orang lain", status="draft", by=other)
    review = make_article("Menunggu", status="review", by=other)
    penulis, editor = api_as("penulis"), api_as("editor")
    assert penulis.post(f"/desk/articles/{own.pk}/publish").status_code == 403
    assert penulis.get(f"/desk/articles/{theirs.pk}").status_code == 404
    assert penulis.post(f"/desk/articles/{own.pk}/submit").status_code == 200
    assert editor.post(f"/desk/articles/{review.pk}/publish").status_code == 200
    assert api_as().get("/desk/articles").status_code == 401
    assert Article.objects.get(pk=review.pk).status == "published"


def test_lists_show_what_the_role_may_see(api_as, cast):
    make_article("Draf sendiri", status="draft", by=cast["penulis"][0])
    make_article("Draf orang lain", status="draft", by=cast["lain"][0])
    make_article("Terbit", by=cast["lain"][0])
    mine = {a["headline"] for a in api_as("penulis").get("/desk/articles").json()}
    assert mine == {"Draf sendiri", "Terbit"}
    own = {a["headline"] for a in api_as("penulis").get("/desk/articles?mine=true").json()}
    assert own == {"Draf sendiri"}
    every = {a["headline"] for a in api_as("editor").get("/desk/articles").json()}
    assert every == {"Draf sendiri", "Draf orang lain", "Terbit"}
