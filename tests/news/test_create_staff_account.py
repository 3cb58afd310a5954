"""actions.create_staff_account: the account, its role and byline, all or nothing, audited."""

import pytest
from django.contrib.auth import get_user_model

from warta.news import actions
from warta.news.access import role_of
from warta.news.models import AuditEntry
from warta.test import make_person

pytestmark = pytest.mark.django_db


def test_it_makes_a_signed_up_newsroom_account_with_its_byline():
    person = make_person("Sari Wulandari")
    user = actions.create_staff_account(
        username="sari", password="Sandi-Rahasia-Sari-1", role="editor", person=person, by=None
    )
    assert role_of(user) == "editor" and user.is_staff and not user.is_superuser
    assert user.check_password("Sandi-Rahasia-Sari-1")
    person.refresh_from_db()
    assert person.user == user
    assert AuditEntry.objects.filter(action="role", summary__startswith="sari").exists()


def test_a_failure_leaves_no_half_made_account(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(actions, "set_staff_role", broken)
    with pytest.raises(RuntimeError):
        actions.create_staff_account(
            username="setengah", password="Sandi-Rahasia-1", role="penulis", by=None
        )
    assert not get_user_model().objects.filter(username="setengah").exists()
