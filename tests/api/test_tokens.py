"""API tokens: made and revoked in the desk, shown once, stored hashed, optional expiry, last
use remembered; a revoked or expired token, or one whose user lost their role, is refused."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import Api, token_for
from warta.news import actions
from warta.news.models import ApiToken, AuditEntry
from warta.test import make_staff

pytestmark = pytest.mark.django_db


def test_made_in_the_desk_shown_once_stored_hashed(client):
    writer = make_staff("penulis", "penulis")
    client.force_login(writer)
    page = client.post("/desk/token/", {"name": "Aplikasi Android", "lifetime": "30"})
    assert page.status_code == 200
    secret = re.search(r'id="token-secret">([^<]+)<', page.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.name == "Aplikasi Android" and token.user == writer
    assert secret not in str(token.__dict__) and token.digest != secret
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    again = client.get("/desk/token/").content.decode()
    assert secret not in again and "Aplikasi Android" in again
    assert AuditEntry.objects.filter(action="api_token").exists()


def test_a_token_works_until_revoked_and_remembers_its_last_use(client):
    writer = make_staff("penulis", "penulis")
    secret = token_for(writer, "Skrip impor")
    api = Api(client, secret)
    assert api.get("/desk/articles", REMOTE_ADDR="198.51.100.7").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_ip == "198.51.100.7" and token.last_used_at is not None
    client.force_login(writer)
    client.post(f"/desk/token/{token.pk}/cabut/")
    client.logout()
    refused = api.get("/desk/articles")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_expired_unknown_and_roleless_tokens_are_refused(client):
    writer = make_staff("penulis", "penulis")
    token, secret = actions.create_api_token(
        writer, name="Sebentar", by=writer, expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert Api(client, secret).get("/desk/articles").status_code == 401
    assert Api(client, "warta_bukan-token").get("/desk/articles").status_code == 401
    other = make_staff("keluar", "editor")
    secret = token_for(other)
    actions.set_staff_role(other, role=None, active=False, by=None)
    assert Api(client, secret).get("/desk/articles").status_code == 401


def test_a_writer_cannot_revoke_someone_elses_token_but_an_admin_can(client):
    writer, other = make_staff("penulis", "penulis"), make_staff("lain", "penulis")
    token_for(other)
    token = ApiToken.objects.get()
    client.force_login(writer)
    assert client.post(f"/desk/token/{token.pk}/cabut/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert "lain" not in client.get("/desk/token/").content.decode()
    client.force_login(make_staff("kepala", "admin"))
    client.post(f"/desk/token/{token.pk}/cabut/")
    assert ApiToken.objects.get().revoked_at is not None
