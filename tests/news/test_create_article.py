"""actions.create_article: a draft with its first revision, sanitized, slugged and indexed."""

import pytest

from warta.news import actions
from warta.news.models import Article, Revision
from warta.test import make_section, make_staff

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "headline": "Gudang beras <b>baru</b> di Kupang",
        "body": '<p onclick="x()">Isi berita.</p><script>alert(1)</script>',
        "summary": "Ringkasan",
        "section": make_section().pk,
        "tags": ["pangan"],
    }
    return {**data, **changes}


def test_a_new_draft_is_cleaned_slugged_and_has_revision_one():
    writer = make_staff("penulis", "penulis")
    article = actions.create_article(by=writer, data=_data())
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Gudang beras baru di Kupang"
    assert article.slug == "gudang-beras-baru-di-kupang"
    assert "<script" not in article.body and "onclick" not in article.body
    assert "Isi berita." in article.body
    revision = Revision.objects.get(article=article)
    assert article.current_revision == revision and revision.data["headline"] == article.headline


def test_without_writers_the_author_is_the_byline():
    writer = make_staff("penulis", "penulis")
    article = actions.create_article(by=writer, data=_data())
    assert [p.user for p in article.ordered_writers()] == [writer]


def test_a_headline_is_required_and_nothing_is_written_without_one():
    with pytest.raises(ValueError):
        actions.create_article(by=None, data=_data(headline="<i></i>  "))
    assert not Article.objects.exists() and not Revision.objects.exists()
