"""Login: one door (the desk's), one throttle, one audit trail.

Cases tried: the admin's own sign-in (4: GET, POST with a newsroom account, POST with a
superuser, a signed-in non-superuser), throttling by account, address and pair behind a
trusted and an untrusted proxy (6), the lock's length on the file cache (1), enumeration (1),
session fixation (1), logout by GET and POST (2), open redirects (6).
"""

import re

import pytest
from django.contrib.auth import get_user_model

from warta.news.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "{}-Sandi-Rahasia-1"


def attempt(client, username, password, ip="203.0.113.1", **extra):
    return client.post(
        "/desk/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def test_the_admin_has_no_sign_in_of_its_own(client, staff):
    page = client.get("/admin/login/?next=/admin/news/article/")
    assert page.status_code == 302
    assert page["Location"].startswith("/desk/masuk/?next=")
    posted = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD.format("editor")}
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/desk/masuk/")
    assert "_auth_user_id" not in client.session


def test_a_superuser_reaches_the_admin_through_the_desk_sign_in_and_is_audited(client, staff):
    get_user_model().objects.create_superuser("boss", password="boss-Sandi-Rahasia-1")
    response = attempt(client, "boss", "boss-Sandi-Rahasia-1")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor_name="boss").exists()


def test_newsroom_staff_who_are_not_superusers_never_get_the_admin(client, staff):
    client.force_login(staff["admin"])  # the newsroom's admin role, not a superuser
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/")["Location"] == "/desk/"


def test_a_locked_account_cannot_sign_in_through_the_admin_either(client, staff):
    for number in range(50):
        attempt(client, "editor", "salah", ip=f"198.51.100.{number}")
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD.format("editor")}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "/desk/masuk/" in response["Location"]


def test_one_address_never_locks_an_account_out_for_everyone(client, staff):
    for _ in range(60):
        attempt(client, "editor", "salah", ip="203.0.113.66")
    assert (
        attempt(client, "editor", PASSWORD.format("editor"), ip="203.0.113.66").status_code == 400
    )
    assert attempt(client, "editor", PASSWORD.format("editor"), ip="203.0.113.7").status_code == 302


@pytest.mark.parametrize("trusted", [True, False])
def test_behind_the_proxy_only_a_trusted_proxy_names_the_client(client, staff, settings, trusted):
    settings.WARTA_TRUSTED_PROXIES = ["127.0.0.1/32"] if trusted else []
    for number in range(12):
        attempt(
            client,
            f"tebakan{number}",
            "salah",
            ip="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    newsroom = attempt(
        client, "editor", "salah", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    entry = AuditEntry.objects.filter(action="login_failed").latest("pk")
    assert entry.ip == ("198.51.100.20" if trusted else "127.0.0.1")
    assert newsroom.status_code == 400


def test_a_forged_forwarded_header_does_not_change_the_address(client, staff, settings):
    settings.WARTA_TRUSTED_PROXIES = ["10.0.0.1"]
    attempt(client, "x", "salah", ip="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AuditEntry.objects.filter(action="login_failed").latest("pk").ip == "203.0.113.9"


def test_the_lock_lasts_fifteen_minutes_on_the_file_cache(
    client, staff, settings, tmp_path, time_machine
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    time_machine.move_to("2026-01-01 09:00 +07:00", tick=False)
    for _ in range(10):
        attempt(client, "editor", "salah", ip="203.0.113.5")
    time_machine.move_to("2026-01-01 09:14 +07:00", tick=False)
    assert attempt(client, "editor", PASSWORD.format("editor"), ip="203.0.113.5").status_code == 400
    time_machine.move_to("2026-01-01 09:31 +07:00", tick=False)
    assert attempt(client, "editor", PASSWORD.format("editor"), ip="203.0.113.5").status_code == 302


def test_the_answer_never_tells_which_accounts_exist(client, staff):
    known, unknown = attempt(client, "editor", "salah"), attempt(client, "bukan-siapa", "salah")
    assert known.status_code == unknown.status_code == 400

    def page(response):
        text = response.content.decode().replace("bukan-siapa", "editor")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert page(known) == page(unknown)


def test_signing_in_gives_a_new_session(client, staff):
    client.get("/desk/masuk/")
    client.cookies["sessionid"] = "sesi-yang-ditanam-penyerang"
    attempt(client, "editor", PASSWORD.format("editor"))
    assert client.cookies["sessionid"].value != "sesi-yang-ditanam-penyerang"


def test_signing_out_needs_a_post_and_ends_the_session(client, staff):
    client.force_login(staff["editor"])
    assert client.get("/desk/keluar/").status_code == 405
    assert client.get("/desk/").status_code == 200
    client.post("/desk/keluar/")
    assert client.get("/desk/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "\\\\evil.example",
    ],
)
def test_no_open_redirect_after_signing_in(client, staff, target):
    response = client.post(
        f"/desk/masuk/?next={target}",
        {"username": "editor", "password": PASSWORD.format("editor"), "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
