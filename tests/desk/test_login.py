import pytest

from warta.news.models import AuditEntry

pytestmark = pytest.mark.django_db

MESSAGE = "Nama pengguna atau kata sandi salah, atau terlalu banyak percobaan."


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/desk/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_staff_sign_in_and_land_on_the_dashboard(client, staff):
    response = attempt(client, "editor", "editor-Sandi-Rahasia-1")
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert "Dasbor" in client.get("/desk/").content.decode()


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(client, staff):
    wrong = attempt(client, "editor", "salah")
    unknown = attempt(client, "tidak-ada", "salah")
    assert wrong.status_code == unknown.status_code == 400
    assert MESSAGE in wrong.content.decode() and MESSAGE in unknown.content.decode()
    assert AuditEntry.objects.filter(action="login_failed").count() == 2
    assert AuditEntry.objects.filter(action="login_failed", ip="10.0.0.1").exists()


def test_ten_failures_from_one_address_lock_the_account_there(client, staff):
    for _ in range(10):
        attempt(client, "editor", "salah", ip="10.0.1.1")
    again = attempt(client, "editor", "editor-Sandi-Rahasia-1", ip="10.0.1.1")
    assert again.status_code == 400 and MESSAGE in again.content.decode()


def test_fifty_failures_from_many_addresses_lock_the_account_everywhere(client, staff):
    for number in range(50):
        attempt(client, "editor", "salah", ip=f"10.0.1.{number}")
    blocked = attempt(client, "editor", "editor-Sandi-Rahasia-1", ip="10.0.2.1")
    assert blocked.status_code == 400 and MESSAGE in blocked.content.decode()
    assert attempt(client, "penulis", "penulis-Sandi-Rahasia-1", ip="10.0.2.1").status_code == 302


def test_fifty_failures_from_one_address_lock_that_address(client, staff):
    for number in range(50):
        attempt(client, f"tebakan{number}", "salah", ip="10.9.9.9")
    assert attempt(client, "editor", "editor-Sandi-Rahasia-1", ip="10.9.9.9").status_code == 400
    assert attempt(client, "editor", "editor-Sandi-Rahasia-1", ip="10.9.9.8").status_code == 302


def test_time_lifts_the_lock(client, staff, time_machine):
    time_machine.move_to("2026-01-01 09:00 +07:00")
    for _ in range(10):
        attempt(client, "editor", "salah")
    time_machine.move_to("2026-01-01 09:16 +07:00")
    assert attempt(client, "editor", "editor-Sandi-Rahasia-1", ip="10.3.3.3").status_code == 302


def test_accounts_without_a_newsroom_role_cannot_sign_in(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("pembaca", password="Sandi-Rahasia-Pembaca-1")
    assert attempt(client, "pembaca", "Sandi-Rahasia-Pembaca-1").status_code == 400


def test_sign_out_needs_post(client, staff):
    client.force_login(staff["editor"])
    assert client.get("/desk/keluar/").status_code == 405
    assert client.post("/desk/keluar/").status_code == 302
    assert client.get("/desk/").status_code == 302


def test_csrf_is_enforced_on_desk_writes(staff):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff["editor"])
    assert strict.post("/desk/berita/baru/", {"headline": "x"}).status_code == 403
