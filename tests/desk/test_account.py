"""Staff accounts' passwords and names: each person changes their own in the desk, an admin
sets a colleague's (an imported writer's first), and the Django admin no longer writes them
past the actions and the audit log."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from warta.news import actions
from warta.news.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = "Sandi-Baru-Redaksi-42"


def _signed_in(user) -> Client:
    client = Client()
    assert client.login(
        username=user.get_username(), password=f"{user.get_username()}-Sandi-Rahasia-1"
    )
    return client


def _form(**fields: str) -> dict[str, str]:
    return {"old_password": "", "new_password1": NEW, "new_password2": NEW, **fields}


def test_a_writer_changes_their_own_password_and_stays_signed_in(staff):
    writer = staff["penulis"]
    client = _signed_in(writer)
    elsewhere = _signed_in(writer)  # the same account on the newsroom's other computer
    page = client.get("/desk/akun/")
    assert page.status_code == 200 and "Ganti kata sandi" in page.content.decode()
    assert "/desk/akun/" in client.get("/desk/").content.decode()  # the desk's header links it

    response = client.post("/desk/akun/", _form(old_password="penulis-Sandi-Rahasia-1"))
    assert response.status_code == 302
    writer.refresh_from_db()
    assert writer.check_password(NEW)
    assert client.get("/desk/").status_code == 200  # still signed in here
    assert elsewhere.get("/desk/").status_code == 302  # signed out everywhere else
    assert AuditEntry.objects.filter(action="password", actor=writer, summary="penulis").exists()


def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(staff):
    writer = staff["penulis"]
    client = _signed_in(writer)
    wrong = client.post("/desk/akun/", _form(old_password="tebakan"))
    assert wrong.status_code == 400
    assert "Sandi lama Anda yang dimasukkan salah" in wrong.content.decode()
    weak = client.post(
        "/desk/akun/",
        _form(old_password="penulis-Sandi-Rahasia-1", new_password1="123", new_password2="123"),
    )
    assert weak.status_code == 400 and "terlalu pendek" in weak.content.decode()
    unlike = client.post(
        "/desk/akun/", _form(old_password="penulis-Sandi-Rahasia-1", new_password2=NEW + "x")
    )
    assert unlike.status_code == 400 and "tidak cocok" in unlike.content.decode()
    writer.refresh_from_db()
    assert writer.check_password("penulis-Sandi-Rahasia-1")
    assert not AuditEntry.objects.filter(action="password").exists()


def test_staff_set_their_name_and_e_mail_address(staff):
    client = _signed_in(staff["editor"])
    # Without an address, notifications by e-mail cannot reach them; the page says where to add it.
    assert "/desk/akun/" in client.get("/desk/notifikasi/").content.decode()
    response = client.post(
        "/desk/akun/profil/", {"name": "  Bambang   Sutrisno ", "email": "bambang@warta.example"}
    )
    assert response.status_code == 302
    editor = get_user_model().objects.get(pk=staff["editor"].pk)
    assert (editor.first_name, editor.last_name) == ("Bambang", "Sutrisno")
    assert editor.email == "bambang@warta.example"
    assert "Bambang Sutrisno" in client.get("/desk/akun/").content.decode()
    assert AuditEntry.objects.filter(action="staff_profile", actor=editor).exists()
    assert "belum punya alamat surel" not in client.get("/desk/notifikasi/").content.decode()

    for bad in ({"name": "   ", "email": ""}, {"name": "Bambang", "email": "bukan-alamat"}):
        refused = client.post("/desk/akun/profil/", bad)
        assert refused.status_code == 400
    assert "Masukkan alamat email yang valid." in refused.content.decode()
    editor.refresh_from_db()
    assert editor.get_full_name() == "Bambang Sutrisno" and editor.email == "bambang@warta.example"


def test_an_admin_sets_a_colleagues_name_and_address(staff):
    member = staff["penulis"]
    admin = _signed_in(staff["admin"])
    assert f"/desk/staf/{member.pk}/akun/" in admin.get("/desk/staf/").content.decode()
    page = admin.get(f"/desk/staf/{member.pk}/akun/")
    assert page.status_code == 200 and "Kata sandi baru untuk penulis" in page.content.decode()
    response = admin.post(
        f"/desk/staf/{member.pk}/akun/", {"name": "Rina Kusuma", "email": "rina@warta.example"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "rina@warta.example" and member.get_full_name() == "Rina Kusuma"
    assert AuditEntry.objects.filter(
        action="staff_profile", actor=staff["admin"], summary__startswith="penulis"
    ).exists()
    editor = _signed_in(staff["editor"])
    assert (
        editor.post(f"/desk/staf/{member.pk}/akun/", {"name": "X", "email": ""}).status_code == 403
    )


def test_a_new_account_may_start_with_its_name_and_address(staff):
    admin = _signed_in(staff["admin"])
    response = admin.post(
        "/desk/staf/",
        {
            "username": "dewi",
            "password": NEW,
            "role": "penulis",
            "active": "on",
            "name": "Dewi Lestari",
            "email": "dewi@warta.example",
        },
    )
    assert response.status_code == 302
    dewi = get_user_model().objects.get(username="dewi")
    assert dewi.get_full_name() == "Dewi Lestari" and dewi.email == "dewi@warta.example"


def test_an_admin_sets_a_colleagues_password_and_signs_them_out(staff):
    # An imported writer's account has no password until an admin gives it one.
    imported = actions.create_staff_account(username="sari", password=None, role="penulis", by=None)
    admin = _signed_in(staff["admin"])
    staff_page = admin.get("/desk/staf/").content.decode()
    assert f"/desk/staf/{imported.pk}/akun/" in staff_page
    assert (
        f"/desk/staf/{imported.pk}/sandi/"
        in admin.get(f"/desk/staf/{imported.pk}/akun/").content.decode()
    )
    response = admin.post(
        f"/desk/staf/{imported.pk}/sandi/", {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert Client().login(username="sari", password=NEW)
    assert AuditEntry.objects.filter(
        action="password", actor=staff["admin"], summary="sari"
    ).exists()

    writer = _signed_in(staff["penulis"])
    admin.post(
        f"/desk/staf/{staff['penulis'].pk}/sandi/", {"new_password1": NEW, "new_password2": NEW}
    )
    assert writer.get("/desk/").status_code == 302  # a reset ends the old sessions

    weak = admin.post(
        f"/desk/staf/{imported.pk}/sandi/", {"new_password1": "sari", "new_password2": "sari"}
    )
    assert weak.status_code == 400 and "terlalu pendek" in weak.content.decode()
    assert Client().login(username="sari", password=NEW)


def test_only_admins_set_a_colleagues_password(staff):
    for role in ("penulis", "editor"):
        client = _signed_in(staff[role])
        response = client.post(
            f"/desk/staf/{staff['editor2'].pk}/sandi/", {"new_password1": NEW, "new_password2": NEW}
        )
        assert response.status_code == 403
    assert Client().get(f"/desk/staf/{staff['editor2'].pk}/sandi/").status_code == 302
    staff["editor2"].refresh_from_db()
    assert staff["editor2"].check_password("editor2-Sandi-Rahasia-1")


def test_the_django_admin_does_not_write_accounts_or_roles(client, staff):
    """Accounts and roles are changed in the desk, through the actions that audit them; the
    Django admin only shows them."""
    boss = get_user_model().objects.create_superuser("boss", password="Sandi-Rahasia-Boss-1")
    client.force_login(boss)
    writer = staff["penulis"]
    assert client.get(f"/admin/auth/user/{writer.pk}/change/").status_code == 200
    password = client.post(
        f"/admin/auth/user/{writer.pk}/password/", {"password1": NEW, "password2": NEW}
    )
    assert password.status_code == 403
    change = client.post(
        f"/admin/auth/user/{writer.pk}/change/",
        {"username": "penulis", "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    assert change.status_code == 403
    assert client.post("/admin/auth/user/add/", {"username": "x"}).status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "admin2"}).status_code == 403
    writer.refresh_from_db()
    assert writer.check_password("penulis-Sandi-Rahasia-1") and not writer.is_superuser


def test_a_superusers_password_is_not_an_admins_to_set(staff):
    """A superuser also holds the Django admin; an admin by role cannot take it over."""
    boss = get_user_model().objects.create_superuser("boss", password="Sandi-Rahasia-Boss-1")
    admin = _signed_in(staff["admin"])
    response = admin.post(
        f"/desk/staf/{boss.pk}/sandi/", {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("Sandi-Rahasia-Boss-1")
