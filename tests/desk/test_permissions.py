"""Who may do what, to which article, in which state: one table, asked of every desk view.

Each cell lists the answer for [anonymous, penulis (owner), other penulis, editor, admin]:
L = sent to the login page, Y = allowed, N = refused (403), H = hidden (404: the article's
existence is not revealed). Denied requests must change nothing.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import get_resolver
from django.utils import timezone

from warta.news.models import Article, AuditEntry, Person, Revision, Section, Tag
from warta.search.models import Term, Word
from warta.test import make_article, make_person, make_section, make_staff

pytestmark = pytest.mark.django_db

ROLES = ["anon", "penulis", "other", "editor", "admin"]
STATES = ["draft", "review", "scheduled", "published", "unpublished"]

# action: (method, url name, extra url args, {state: answers})
ARTICLE_TABLE = {
    "view": (
        "GET",
        "desk:article_edit",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "edit": (
        "POST",
        "desk:article_edit",
        (),
        {
            "draft": "LYHYY",
            "review": "LNHYY",
            "scheduled": "LNHYY",
            "published": "LNNYY",
            "unpublished": "LNHYY",
        },
    ),
    "autosave": (
        "POST",
        "desk:article_autosave",
        (),
        {
            "draft": "LYHYY",
            "review": "LNHYY",
            "scheduled": "LNHYY",
            "published": "LNNYY",
            "unpublished": "LNHYY",
        },
    ),
    "take_down": (
        "POST",
        "desk:workflow",
        ("take_down",),
        {
            "draft": "LNHNN",
            "review": "LNHNN",
            "scheduled": "LNHNN",
            "published": "LNNYY",
            "unpublished": "LNHNN",
        },
    ),
    "embargo": (
        "POST",
        "desk:article_embargo",
        (),
        {
            "draft": "LNNYY",
            "review": "LNNYY",
            "scheduled": "LNNYY",
            "published": "LNNNN",
            "unpublished": "LNNYY",
        },
    ),
    "label": (
        "POST",
        "desk:article_labels",
        (),
        {
            "draft": "LNNYY",
            "review": "LNNYY",
            "scheduled": "LNNYY",
            "published": "LNNYY",
            "unpublished": "LNNYY",
        },
    ),
    "note": (
        "POST",
        "desk:note_add",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "live": (
        "GET",
        "desk:live",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "live_post": (
        "POST",
        "desk:live",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYNYY",
            "unpublished": "LYHYY",
        },
    ),
    "live_start": (
        "POST",
        "desk:live_start",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYNYY",
            "unpublished": "LYHYY",
        },
    ),
    "live_end": (
        "POST",
        "desk:live_end",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYNYY",
            "unpublished": "LYHYY",
        },
    ),
    "presence": (
        "POST",
        "desk:article_presence",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "submit": (
        "POST",
        "desk:workflow",
        ("submit",),
        {
            "draft": "LYHYY",
            "review": "LNHNN",
            "scheduled": "LNHNN",
            "published": "LNNNN",
            "unpublished": "LNHNN",
        },
    ),
    "return": (
        "POST",
        "desk:workflow",
        ("return",),
        {
            "draft": "LNHNN",
            "review": "LNHYY",
            "scheduled": "LNHYY",
            "published": "LNNNN",
            "unpublished": "LNHNN",
        },
    ),
    "publish": (
        "POST",
        "desk:workflow",
        ("publish",),
        {
            "draft": "LNHYY",
            "review": "LNHYY",
            "scheduled": "LNHYY",
            "published": "LNNNN",
            "unpublished": "LNHYY",
        },
    ),
    "schedule": (
        "POST",
        "desk:workflow",
        ("schedule",),
        {
            "draft": "LNHYY",
            "review": "LNHYY",
            "scheduled": "LNHNN",
            "published": "LNNNN",
            "unpublished": "LNHNN",
        },
    ),
    "unschedule": (
        "POST",
        "desk:workflow",
        ("unschedule",),
        {
            "draft": "LNHNN",
            "review": "LNHNN",
            "scheduled": "LNHYY",
            "published": "LNNNN",
            "unpublished": "LNHNN",
        },
    ),
    "unpublish": (
        "POST",
        "desk:workflow",
        ("unpublish",),
        {
            "draft": "LNHNN",
            "review": "LNHNN",
            "scheduled": "LNHNN",
            "published": "LNNYY",
            "unpublished": "LNHNN",
        },
    ),
    "correct": (
        "POST",
        "desk:workflow",
        ("correct",),
        {
            "draft": "LNHNN",
            "review": "LNHNN",
            "scheduled": "LNHNN",
            "published": "LNNYY",
            "unpublished": "LNHNN",
        },
    ),
    "preview": (
        "GET",
        "desk:preview",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "preview_link": (
        "POST",
        "desk:preview_link",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYNYY",
            "unpublished": "LYHYY",
        },
    ),
    "preview_revoke": (
        "POST",
        "desk:preview_revoke",
        ("LINK",),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYNYY",
            "unpublished": "LYHYY",
        },
    ),
    "history": (
        "GET",
        "desk:history",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "compare": (
        "GET",
        "desk:compare",
        (),
        {
            "draft": "LYHYY",
            "review": "LYHYY",
            "scheduled": "LYHYY",
            "published": "LYYYY",
            "unpublished": "LYHYY",
        },
    ),
    "restore": (
        "POST",
        "desk:restore",
        (1,),
        {
            "draft": "LYHYY",
            "review": "LNHYY",
            "scheduled": "LNHYY",
            "published": "LNNYY",
            "unpublished": "LNHYY",
        },
    ),
}
# Desk pages about no single article: answers for [anonymous, penulis, other, editor, admin].
PAGE_TABLE = {
    "desk:dashboard": ("GET", "LYYYY"),
    "desk:article_new": ("GET", "LYYYY"),
    "desk:lookup_articles": ("GET", "LYYYY"),
    "desk:lookup_tags": ("GET", "LYYYY"),
    "desk:photos": ("GET", "LYYYY"),
    "desk:photo_upload": ("GET", "LYYYY"),
    "desk:photo_lookup": ("GET", "LYYYY"),
    "desk:curate": ("GET", "LNNYY"),
    "desk:audit": ("GET", "LNNNY"),
    "desk:site_settings": ("GET", "LNNNY"),
    "desk:staff": ("GET", "LNNNY"),
    "desk:sections": ("GET", "LNNNY"),
    "desk:pages": ("GET", "LNNNY"),
    "desk:topics": ("GET", "LNNYY"),
    "desk:search": ("GET", "LYYYY"),
    "desk:synonyms": ("GET", "LNNNY"),
    "desk:tokens": ("GET", "LYYYY"),
    "desk:wires": ("GET", "LYYYY"),
    "desk:wire_sources": ("GET", "LNNYY"),
    "desk:page_import": ("GET", "LNNYY"),
    "desk:webhooks": ("GET", "LNNNY"),
    "desk:people": ("GET", "LNNYY"),
    "desk:person_new": ("GET", "LNNYY"),
    "desk:person_propose": ("GET", "LYYYY"),
    "desk:notifications": ("GET", "LYYYY"),
    "desk:plan": ("GET", "LYYYY"),
    "desk:plan_week": ("GET", "LYYYY"),
    "desk:my_assignments": ("GET", "LYYYY"),
    "desk:assignment_new": ("GET", "LNNYY"),
    "desk:account": ("GET", "LYYYY"),
}
# Reachable by anyone, by design.
OPEN = {
    "desk:login",
    "desk:logout",
    "desk:password_forgot",  # tests/desk/test_password_reset.py
    "desk:password_reset",
    "desk:photo_edit",
    "desk:photo_original",
    "desk:js_catalog",
}
# Pages about one record, guarded exactly like their list (tests/desk/test_admin_pages.py).
RECORDS = {
    "desk:staff_edit",
    "desk:staff_member",  # tests/desk/test_account.py
    "desk:staff_password",  # tests/desk/test_account.py
    "desk:account_profile",  # one's own name and address, POST only: tests/desk/test_account.py
    "desk:sections_edit",
    "desk:pages_edit",
    "desk:topics_edit",
    "desk:synonyms_edit",  # tests/desk/test_synonyms_desk.py
    "desk:token_revoke",  # someone else's token is a 404: tests/api/test_tokens.py
    "desk:wire_sources_edit",  # tests/desk/test_wires.py
    "desk:wire_draft",  # tests/desk/test_wires.py
    "desk:wire_status",  # tests/desk/test_wires.py
    "desk:webhooks_edit",  # guarded like its list: tests/desk/test_webhooks_desk.py
    "desk:person_edit",  # tests/desk/test_people.py
    "desk:person_merge",  # tests/desk/test_people.py
    "desk:notification_open",  # one's own only: tests/desk/test_notes_desk.py
    "desk:note_resolve",  # its author or an editor: tests/desk/test_notes_desk.py
    "desk:live_edit",  # guarded like the live report: tests/desk/test_live_desk.py
    "desk:assignment",  # any staff; each action its own: tests/desk/test_plan_desk.py
    "desk:assignment_edit",
    "desk:assignment_answer",
    "desk:assignment_draft",
    "desk:assignment_cancel",
}
OPEN_REASON = (
    "photo pages are covered by tests/desk/test_photos.py; login and logout are for everyone, "
    "and so are the editor's translations"
)


def test_every_desk_url_is_in_the_table():
    names = {
        f"desk:{name}"
        for name in get_resolver("warta.desk.urls").reverse_dict
        if isinstance(name, str)
    }
    covered = {spec[1] for spec in ARTICLE_TABLE.values()} | set(PAGE_TABLE) | OPEN | RECORDS
    assert names - covered == set(), f"desk URLs without a permission row: {names - covered}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The cast and one article per state, made once; each test's changes are rolled back."""
    with django_db_blocker.unblock():
        users = _cast()
        articles = {state: article_in(state, users) for state in STATES}
        yield users, articles
        # The search's counts too: the published article is in them.
        for model in (AuditEntry, Article, Person, Section, Tag, Term, Word, get_user_model()):
            model.objects.all().delete()


@pytest.fixture
def cast(world):
    return world[0]


def _cast():
    users = {
        "penulis": make_staff("penulis", "penulis"),
        "other": make_staff("lain", "penulis"),
        "editor": make_staff("editor", "editor"),
        "admin": make_staff("admin", "admin"),
    }
    make_person("Rina Kusuma", user=users["penulis"])
    make_person("Bambang Sutrisno", roles=["editor"], user=users["editor"])
    return users


def article_in(state: str, cast) -> Article:
    from warta.news import actions

    owner = make_person("Rina Kusuma")
    article = make_article(
        "Berita milik penulis",
        section=make_section("Nasional"),
        writers=[owner],
        status="draft",
        by=cast["penulis"],
    )
    if state == "review":
        actions.submit_article(article, by=cast["penulis"])
    elif state == "scheduled":
        actions.schedule_article(article, by=cast["editor"], at=timezone.now() + timedelta(hours=2))
    elif state == "published":
        actions.publish_article(article, by=cast["editor"])
    elif state == "unpublished":
        actions.publish_article(article, by=cast["editor"])
        actions.unpublish_article(
            Article.objects.get(pk=article.pk), by=cast["editor"], reason="uji"
        )
    article = Article.objects.get(pk=article.pk)
    actions.create_preview_link(article, by=cast["editor"])
    return article


def _data(article: Article) -> dict:
    from warta.news import revisions

    return revisions.snapshot(article)


def form_data(article: Article) -> dict:
    return {
        "headline": "Judul yang diubah",
        "section": article.section_id,
        "body": "<p>Isi baru.</p>",
        "writer_1": article.article_writers.first().person_id,
        "base_revision": article.current_revision_id,
        "note": "catatan",
        "kind": "ralat",
        "reason": "sara",
        "text": "Nama narasumber diperbaiki.",
        "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "time": "10:00",
    }


def state_of_database(article: Article) -> tuple:
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.status,
        fresh.headline,
        fresh.current_revision_id,
        Revision.objects.filter(article=article).count(),
        AuditEntry.objects.exclude(action="login_failed").count(),
        fresh.preview_links.filter(revoked_at__isnull=True).count(),
        fresh.corrections.count(),
        fresh.notes.count(),
        fresh.live_updates.count(),
        fresh.live_started_at,
        fresh.live_ended_at,
        fresh.kind,
        fresh.verification_notice,
    )


def login(client, cast, role):
    if role != "anon":
        client.force_login(cast[role])


CASES = [
    (action, state, role, answers[ROLES.index(role)])
    for action, (_m, _n, _a, table) in ARTICLE_TABLE.items()
    for state, answers in table.items()
    for role in ROLES
]


@pytest.mark.parametrize(
    ("action", "state", "role", "expected"), CASES, ids=[f"{a}-{s}-{r}" for a, s, r, _ in CASES]
)
def test_article_permissions(client, world, action, state, role, expected):
    cast, articles = world
    article = Article.objects.get(pk=articles[state].pk)
    method, name, extra, _table = ARTICLE_TABLE[action]
    args = [
        article.pk,
        *[article.preview_links.first().pk if part == "LINK" else part for part in extra],
    ]
    from django.urls import reverse

    url = reverse(name, args=args)
    if name == "desk:compare":
        url += "?a=1&b=1"
    login(client, cast, role)
    before = state_of_database(article)
    response = client.post(url, form_data(article)) if method == "POST" else client.get(url)
    if expected == "L":
        assert response.status_code == 302 and "/desk/masuk/" in response["Location"]
    elif expected == "H":
        assert response.status_code == 404
    elif expected == "N":
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302), response.content[:500]
    if expected != "Y":
        assert state_of_database(article) == before, "a refused request changed something"


@pytest.mark.parametrize(("name", "role"), [(n, r) for n in PAGE_TABLE for r in ROLES])
def test_page_permissions(client, cast, name, role):
    from django.urls import reverse

    method, answers = PAGE_TABLE[name]
    expected = answers[ROLES.index(role)]
    login(client, cast, role)
    response = client.get(reverse(name))
    expected_status = {"L": 302, "N": 403, "Y": 200}[expected]
    assert response.status_code == expected_status
