"""access.get_published_article and get_article_for_preview: what a reader may open."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from warta.news import access, actions
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


def test_readers_open_published_articles_only():
    live = make_article("Terbit")
    assert access.get_published_article(live.pk) == live
    for status in ("draft", "review", "scheduled", "unpublished"):
        hidden = make_article(f"Tidak terbit {status}", status=status)
        with pytest.raises(Http404):
            access.get_published_article(hidden.pk)
    ahead = make_article("Bertanggal besok", published_at=timezone.now() + timedelta(days=1))
    with pytest.raises(Http404):
        access.get_published_article(ahead.pk)


def test_a_preview_link_opens_a_draft_until_revoked():
    editor = make_staff("redaktur", "editor")
    draft = make_article("Draf untuk pratinjau", status="draft")
    link = actions.create_preview_link(draft, by=editor)
    assert access.get_article_for_preview(link.token) == draft
    actions.revoke_preview_link(link, by=editor)
    with pytest.raises(Http404):
        access.get_article_for_preview(link.token)
    with pytest.raises(Http404):
        access.get_article_for_preview("bukan-token")
