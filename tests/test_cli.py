"""The `warta` command, as a newcomer runs it."""

import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from warta.demo import loader
from warta.media.models import Image
from warta.news.models import (
    Article,
    Assignment,
    AuditEntry,
    LiveUpdate,
    Page,
    Person,
    Section,
    Tag,
    WireItem,
)
from warta.test import make_article, make_staff

WARTA = [sys.executable, "-m", "warta"]


def run(*args: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [*WARTA, *args], env=env, capture_output=True, text=True, input=stdin, timeout=300
    )


@pytest.mark.parametrize("command", ["", "demo", "serve", "worker", "createuser", "migrate"])
def test_every_command_has_help(tmp_path, command):
    result = run(*([command] if command else []), "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage: warta" in result.stdout or "Usage: warta" in result.stdout


def test_serve_refuses_a_bad_address(tmp_path):
    result = run("serve", "--addr", "nowhere", data_dir=tmp_path)
    assert result.returncode != 0
    assert "--addr must look like 127.0.0.1:8000" in result.stderr


def test_a_bad_setting_fails_loudly(tmp_path):
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path), "WARTA_DEBUG": "maybe"}
    result = subprocess.run([*WARTA, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "WARTA_DEBUG must be true or false" in result.stderr


def test_a_replica_beside_sqlite_is_refused_at_start(tmp_path):
    env = {
        **os.environ,
        "WARTA_DATA_DIR": str(tmp_path),
        "WARTA_REPLICA_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/warta",
    }
    env.pop("WARTA_DATABASE_URL", None)
    result = subprocess.run([*WARTA, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "WARTA_REPLICA_DATABASE_URL needs PostgreSQL" in result.stderr


def test_a_lane_without_an_edge_is_refused_at_start(tmp_path):
    env = {**os.environ, "WARTA_DATA_DIR": str(tmp_path), "WARTA_EDGE_LANE": str(tmp_path)}
    env.pop("WARTA_EDGE_URLS", None)
    result = subprocess.run([*WARTA, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "WARTA_EDGE_LANE needs WARTA_EDGE_URLS" in result.stderr


@pytest.mark.django_db
def test_demo_loads_a_full_newsroom_and_a_second_run_changes_nothing(settings, capsys, client):
    call_command("demo", no_serve=True)
    output = capsys.readouterr().out
    stored = json.loads((Path(settings.DATA_DIR) / "demo-accounts.json").read_text())
    for username in ("penulis", "editor", "admin"):
        assert stored[username] in output
        assert client.login(username=username, password=stored[username])
    assert Section.objects.filter(parent__isnull=True).count() >= 8
    assert Article.objects.published().count() >= 60
    assert Person.objects.count() >= 6
    assert Page.objects.count() == 5
    assert Tag.objects.count() > 10
    assert Article.objects.breaking().count() == 1
    assert all(
        article.hero_image.renditions for article in Article.objects.select_related("hero_image")
    )
    assert Article.objects.filter(topic__isnull=False).values("topic").distinct().count() == 2
    assert Article.objects.filter(body__contains="baca-juga").count() >= 10
    assert set(get_user_model().objects.values_list("username", flat=True)) >= {
        "penulis",
        "editor",
        "admin",
    }
    # The desk shows staff by name (the plan, notes, history), their byline's name.
    names = dict(get_user_model().objects.values_list("username", "first_name"))
    assert names["penulis"] == "Rina" and names["editor"] == "Bambang"
    client.login(username="editor", password=stored["editor"])
    assert "Rina Kusuma" in client.get("/desk/rencana/").content.decode()
    assert WireItem.objects.filter(status="baru").count() == 3  # the Kawat inbox has stories
    # The newsroom's day: a plan with one late story, a running live report, a verified pair,
    # an advertorial.
    assert Assignment.objects.count() == 3
    assert sum(assignment.is_late for assignment in Assignment.objects.all()) == 1
    live = Article.objects.get(live_started_at__isnull=False)
    assert live.is_live and live.live_updates.filter(pinned=True).count() == 1
    assert (
        Article.objects.filter(verified_in__isnull=False).exclude(verification_notice="").exists()
    )
    assert Article.objects.filter(kind="advertorial").exclude(sponsor="").count() == 1
    kinds = (Article, Image, Person, Section, Tag, Page, WireItem, Assignment, LiveUpdate)
    counts = [model.objects.count() for model in kinds]
    call_command("demo", no_serve=True)
    assert [model.objects.count() for model in kinds] == counts
    # A password changed since (in the desk) is not printed as it was: the one shown works.
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("Sandi-Lain-Sekali-9")
    editor.save()
    call_command("demo", no_serve=True)
    stored = json.loads((Path(settings.DATA_DIR) / "demo-accounts.json").read_text())
    assert client.login(username="editor", password=stored["editor"])
    # Both the new password and the names given on the first run are in the audit log.
    entries = AuditEntry.objects.filter(actor__isnull=True)
    assert entries.filter(action="password", summary="editor").count() == 1
    assert entries.filter(action="staff_profile", summary="penulis: Rina Kusuma").count() == 1


def test_demo_content_is_well_formed():
    entries = list(loader.article_entries())
    assert len(entries) >= 60
    headlines = {entry["headline"] for entry in entries}
    assert len(headlines) == len(entries)
    for entry in entries:
        assert entry["body"].count("<p>") >= 4, entry["headline"]
        assert entry["photo"]["caption"] and entry["photo"]["credit"] and entry["photo"]["alt"]
        assert not entry.get("baca_juga") or entry["baca_juga"] in headlines
        assert not entry.get("verified_in") or entry["verified_in"] in headlines
        assert entry.get("kind", "berita") in ("berita", "advertorial", "bersponsor")
        assert not entry.get("kind") or entry["sponsor"]
        assert not entry.get("live") or entry["live_update"]
    # The newsroom's day: a live report, a verified pair and an advertorial (FORMAT.md).
    assert any(entry.get("live") for entry in entries)
    assert any(entry.get("verified_in") for entry in entries)
    assert any(entry.get("kind") == "advertorial" for entry in entries)


@pytest.mark.django_db
def test_createuser_makes_a_staff_account_with_its_role(monkeypatch):
    monkeypatch.setattr("builtins.input", lambda *args: "Sandi-Rahasia-Redaksi-9")
    call_command("createuser", "dewi", role="editor", password_stdin=True)
    user = get_user_model().objects.get(username="dewi")
    assert user.is_staff and user.groups.filter(name="editor").exists()
    assert user.check_password("Sandi-Rahasia-Redaksi-9")


@pytest.mark.django_db
def test_createuser_refuses_a_weak_password_and_saves_nothing(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr("builtins.input", lambda *args: "123")
    with pytest.raises(CommandError, match="terlalu pendek"):
        call_command("createuser", "dewi", role="penulis", password_stdin=True)
    assert not get_user_model().objects.filter(username="dewi").exists()


@pytest.mark.django_db
def test_changepassword_is_audited_like_a_password_set_in_the_desk(monkeypatch):
    """Django's own command would write the password past actions, leaving no trace."""
    from warta.news.models import AuditEntry

    make_staff("dewi", "editor")
    monkeypatch.setattr("getpass.getpass", lambda *args, **kwargs: "Sandi-Baru-Redaksi-2026")
    call_command("changepassword", "dewi")
    assert get_user_model().objects.get(username="dewi").check_password("Sandi-Baru-Redaksi-2026")
    entry = AuditEntry.objects.get(action="password")
    assert entry.summary == "dewi"


@pytest.mark.django_db
def test_changepassword_refuses_a_weak_password_three_times_and_keeps_the_old(monkeypatch):
    from django.core.management.base import CommandError

    from warta.news.models import AuditEntry

    user = make_staff("dewi", "editor")
    before = user.password
    monkeypatch.setattr("getpass.getpass", lambda *args, **kwargs: "123")
    with pytest.raises(CommandError, match="3"):
        call_command("changepassword", "dewi", stderr=io.StringIO(), stdout=io.StringIO())
    assert get_user_model().objects.get(username="dewi").password == before
    assert not AuditEntry.objects.filter(action="password").exists()


@pytest.mark.django_db
def test_createsuperuser_makes_an_admin_with_the_newsroom_role(monkeypatch):
    """As `warta createuser NAME --role admin`: the admin group and an audit entry, not only
    the superuser flag that Django's own command would set."""
    from warta.news.models import AuditEntry

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Sandi-Rahasia-Redaksi-9")
    call_command("createsuperuser", "--noinput", "--username", "redaksi", "--email", "r@warta.id")
    user = get_user_model().objects.get(username="redaksi")
    assert user.is_superuser and user.is_staff and user.email == "r@warta.id"
    assert user.groups.filter(name="admin").exists()
    assert user.check_password("Sandi-Rahasia-Redaksi-9")
    assert AuditEntry.objects.filter(action="role", summary__startswith="redaksi").exists()


@pytest.mark.django_db
def test_createsuperuser_asks_twice_and_refuses_what_the_validators_refuse(monkeypatch):
    from django.core.management.base import CommandError

    answers = iter(["Sandi-Rahasia-Redaksi-9", "Sandi-Rahasia-Redaksi-8"])
    monkeypatch.setattr("getpass.getpass", lambda *args, **kwargs: next(answers))
    with pytest.raises(CommandError, match="do not match"):
        call_command(
            "createsuperuser", "--username", "redaksi", "--email", "", stdout=io.StringIO()
        )
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        call_command("createsuperuser", "--noinput", "--username", "redaksi")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "123")
    with pytest.raises(CommandError, match="terlalu pendek"):
        call_command("createsuperuser", "--noinput", "--username", "redaksi")
    assert not get_user_model().objects.filter(username="redaksi").exists()


@pytest.mark.django_db(transaction=True)
def test_worker_publishes_what_is_due_oldest_first_and_only_once(time_machine):
    start = timezone.now()
    time_machine.move_to(start)
    overdue = make_article(
        "Terlambat", status=Article.Status.SCHEDULED, published_at=start + timedelta(minutes=1)
    )
    due = make_article(
        "Tepat waktu", status=Article.Status.SCHEDULED, published_at=start + timedelta(minutes=2)
    )
    later = make_article(
        "Nanti", status=Article.Status.SCHEDULED, published_at=start + timedelta(hours=1)
    )
    time_machine.move_to(start + timedelta(minutes=2, seconds=5))
    call_command("worker", once=True)
    call_command("worker", once=True)
    overdue.refresh_from_db()
    due.refresh_from_db()
    later.refresh_from_db()
    assert overdue.status == due.status == Article.Status.PUBLISHED
    assert later.status == Article.Status.SCHEDULED
    assert list(Article.objects.published().newest().values_list("headline", flat=True)) == [
        "Tepat waktu",
        "Terlambat",
    ]


def test_the_tests_keep_out_of_the_data_folder(settings):
    """The demo's accounts and the import reports live in the data folder; a test run must not
    write there (it gave the demo new passwords when pytest was run by hand)."""
    configured = Path(os.environ.get("WARTA_DATA_DIR", "var")).resolve()
    assert not Path(settings.DATA_DIR).resolve().is_relative_to(configured)
