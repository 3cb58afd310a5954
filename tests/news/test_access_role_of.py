"""access.role_of, is_editor, is_admin, forget_role: the role hierarchy, asked once per request."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.news import access, actions
from warta.test import make_staff

pytestmark = pytest.mark.django_db


def test_admin_includes_editor_includes_penulis():
    writer, editor, admin = (make_staff(n, n) for n in ("penulis", "editor", "admin"))
    assert [access.role_of(u) for u in (writer, editor, admin)] == ["penulis", "editor", "admin"]
    assert [access.is_editor(u) for u in (writer, editor, admin)] == [False, True, True]
    assert [access.is_admin(u) for u in (writer, editor, admin)] == [False, False, True]


def test_readers_inactive_accounts_and_accounts_without_a_role_have_none():
    assert access.role_of(AnonymousUser()) is None
    gone = make_staff("keluar", "editor")
    gone.is_active = False
    assert access.role_of(gone) is None
    assert access.role_of(User.objects.create_user("tamu", password="x")) is None


def test_a_superuser_is_an_admin():
    root = User.objects.create_superuser("akar", password="x")
    assert access.role_of(root) == "admin"


def test_the_role_is_asked_once_per_user_object_until_forgotten():
    editor = User.objects.get(pk=make_staff("redaktur", "editor").pk)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            access.is_editor(editor)
    assert len(queries) == 1
    assert access.role_of(editor) == "editor"
    actions.set_staff_role(editor, role="penulis", active=True, by=None)  # forgets the old role
    assert access.role_of(editor) == "penulis"
