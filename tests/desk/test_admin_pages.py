import re

import pytest
from django.contrib.auth import get_user_model

from warta.news.models import AuditEntry, Page, Section, Topic

pytestmark = pytest.mark.django_db


def test_admins_create_accounts_and_change_roles(client, staff):
    client.force_login(staff["admin"])
    response = client.post(
        "/desk/staf/",
        {"username": "dewi", "password": "Sandi-Kuat-Redaksi-7", "role": "penulis", "active": "on"},
    )
    assert response.status_code == 302
    dewi = get_user_model().objects.get(username="dewi")
    assert list(dewi.groups.values_list("name", flat=True)) == ["penulis"]
    client.post(f"/desk/staf/{dewi.pk}/", {"role": "editor", "active": "on"})
    assert list(dewi.groups.values_list("name", flat=True)) == ["editor"]
    client.post(f"/desk/staf/{dewi.pk}/", {"role": "editor"})
    dewi.refresh_from_db()
    assert not dewi.is_active
    assert AuditEntry.objects.filter(action="role", actor=staff["admin"]).count() == 3


def test_a_weak_password_or_taken_name_is_explained(client, staff):
    client.force_login(staff["admin"])
    response = client.post(
        "/desk/staf/", {"username": "editor", "password": "123", "role": "penulis"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nama pengguna itu sudah dipakai." in html and "terlalu pendek" in html


def test_an_admin_cannot_demote_themselves(client, staff):
    client.force_login(staff["admin"])
    client.post(f"/desk/staf/{staff['admin'].pk}/", {"role": "penulis", "active": "on"})
    assert staff["admin"].groups.filter(name="admin").exists()


def test_editors_cannot_change_roles(client, staff):
    client.force_login(staff["editor"])
    assert (
        client.post(
            f"/desk/staf/{staff['penulis'].pk}/", {"role": "admin", "active": "on"}
        ).status_code
        == 403
    )
    assert not staff["penulis"].groups.filter(name="admin").exists()


def test_sections_refuse_reserved_slugs(client, staff):
    client.force_login(staff["admin"])
    response = client.post("/desk/rubrik/", {"name": "Tag", "slug": "tag", "order": 1})
    assert response.status_code == 400
    assert "sudah dipakai oleh halaman lain" in response.content.decode()
    assert (
        client.post("/desk/rubrik/", {"name": "Daerah", "slug": "daerah", "order": 9}).status_code
        == 302
    )
    assert Section.objects.filter(slug="daerah").exists()


def test_a_new_section_appears_in_the_menu_at_once(
    client, staff, django_capture_on_commit_callbacks
):
    client.get("/")
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        # As the browser sends the form: "in the menu" starts ticked for a new section.
        form = {"name": "Daerah", "slug": "daerah", "order": 9, "in_menu": "on"}
        client.post("/desk/rubrik/", form)
    assert '<a href="/daerah/">Daerah</a>' in client.get("/").content.decode()
    new_form = client.get("/desk/rubrik/").content.decode()
    assert re.search(r'<input[^>]*name="in_menu"[^>]*checked', new_form), "starts ticked"


def test_static_pages_are_sanitized(client, staff):
    client.force_login(staff["admin"])
    client.post(
        "/desk/halaman/",
        {
            "title": "Kontak",
            "slug": "kontak",
            "body": "<p>Hubungi kami</p><script>x</script>",
            "order": 1,
            "in_footer": "on",
        },
    )
    assert Page.objects.get(slug="kontak").body == "<p>Hubungi kami</p>"


def test_editors_manage_topics(client, staff):
    client.force_login(staff["editor"])
    client.post(
        "/desk/topik/",
        {"name": "Pemilu 2029", "slug": "pemilu-2029", "description": "Perkembangan pemilu."},
    )
    topic = Topic.objects.get(slug="pemilu-2029")
    client.post(
        f"/desk/topik/{topic.pk}/",
        {"name": "Pemilu 2029", "slug": "pemilu-2029", "description": "Diperbarui."},
    )
    assert Topic.objects.get(pk=topic.pk).description == "Diperbarui."
