"""access.get_article_for_user and can: 404 for what one may not see, 403 for what one may not do."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from warta.news import access
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


def test_a_penulis_gets_404_on_another_writers_draft_and_403_on_publishing_their_own():
    writer = make_staff("penulis", "penulis")
    other = make_staff("lain", "penulis")
    theirs = make_article("Draf orang lain", status="draft", by=other)
    mine = make_article("Draf saya", status="draft", by=writer)
    with pytest.raises(Http404):
        access.get_article_for_user(writer, theirs.pk)
    assert access.get_article_for_user(writer, mine.pk, action="edit") == mine
    with pytest.raises(PermissionDenied):
        access.get_article_for_user(writer, mine.pk, action="publish")


def test_a_penulis_may_not_edit_their_own_article_once_submitted():
    writer = make_staff("penulis", "penulis")
    sent = make_article("Dikirim", status="review", by=writer)
    assert access.get_article_for_user(writer, sent.pk) == sent
    with pytest.raises(PermissionDenied):
        access.get_article_for_user(writer, sent.pk, action="edit")


def test_editors_may_do_what_the_state_allows():
    editor = make_staff("redaktur", "editor")
    draft = make_article("Draf", status="draft")
    live = make_article("Terbit")
    assert access.get_article_for_user(editor, draft.pk, action="publish") == draft
    with pytest.raises(PermissionDenied):
        access.get_article_for_user(editor, draft.pk, action="unpublish")
    assert access.get_article_for_user(editor, live.pk, action="correct") == live


def test_unknown_articles_are_404():
    with pytest.raises(Http404):
        access.get_article_for_user(make_staff("redaktur", "editor"), 999_999)
