"""Paid-content labels and the verification notice, through the actions themselves
(Pedoman Pemberitaan Media Siber, points 6 and 2)."""

import pytest
from django.core.cache import cache

from warta.news import actions
from warta.news.models import Article, AuditEntry, Revision
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("redaktur", "editor")


def test_an_advertorial_is_labelled_with_its_sponsor(editor):
    article = make_article("Liburan hemat di pantai selatan")
    labelled = actions.set_sponsorship(
        article, kind="advertorial", sponsor="PT Wisata <b>Nusantara</b>", by=editor
    )
    assert labelled.is_sponsored
    assert labelled.label == "Advertorial"
    assert labelled.labelled_headline == "Advertorial: Liburan hemat di pantai selatan"
    assert labelled.sponsor == "PT Wisata Nusantara"  # markup never reaches the label
    assert AuditEntry.objects.filter(action="sponsorship", article=article).exists()


def test_back_to_news_forgets_the_sponsor(editor):
    article = make_article()
    actions.set_sponsorship(article, kind="bersponsor", sponsor="Bank Contoh", by=editor)
    back = actions.set_sponsorship(article, kind="berita", sponsor="Bank Contoh", by=editor)
    assert (back.kind, back.sponsor, back.label) == ("berita", "", "")


def test_paid_content_leaves_the_headline_block(editor):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(is_headline=True)
    labelled = actions.set_sponsorship(article, kind="advertorial", sponsor="X", by=editor)
    assert not Article.objects.get(pk=labelled.pk).is_headline


def test_an_unknown_type_is_refused_and_nothing_changes(editor):
    article = make_article()
    with pytest.raises(ValueError):
        actions.set_sponsorship(article, kind="iklan-gelap", sponsor="X", by=editor)
    assert Article.objects.get(pk=article.pk).kind == "berita"


def test_a_taken_down_article_cannot_be_relabelled(editor):
    article = make_article()
    actions.take_down_article(article, by=editor, reason="sara", text="Dicabut.")
    with pytest.raises(actions.WorkflowError):
        actions.set_sponsorship(article, kind="advertorial", sponsor="X", by=editor)


def test_the_notice_is_set_and_kept_in_the_history(editor):
    article = make_article()
    before = Revision.objects.filter(article=article).count()
    noted = actions.set_verification_notice(article, text="Masih diverifikasi.", by=editor)
    assert noted.verification_notice == "Masih diverifikasi."
    assert Revision.objects.filter(article=article).count() == before + 1
    assert AuditEntry.objects.filter(action="verification_notice", article=article).exists()


def test_removing_the_notice_needs_a_note(editor):
    article = actions.set_verification_notice(make_article(), text="Belum pasti.", by=editor)
    with pytest.raises(ValueError):
        actions.set_verification_notice(article, text="", by=editor)
    assert Article.objects.get(pk=article.pk).verification_notice == "Belum pasti."
    actions.set_verification_notice(article, text="", note="Sudah dikonfirmasi polisi.", by=editor)
    assert Article.objects.get(pk=article.pk).verification_notice == ""
    entry = AuditEntry.objects.get(action="verification_removed", article=article)
    assert "Sudah dikonfirmasi polisi." in entry.summary


def test_linking_the_update_makes_both_pages_point_to_each_other(client, editor):
    first = make_article("Gempa terasa di pesisir barat")
    actions.set_verification_notice(first, text="Data korban belum diverifikasi.", by=editor)
    update = make_article("Korban gempa pesisir barat dipastikan nihil")
    actions.link_verification(first, update=update, by=editor)
    cache.clear()
    first_page = client.get(first.get_absolute_url()).content.decode()
    update_page = client.get(update.get_absolute_url()).content.decode()
    assert "<em>(Data korban belum diverifikasi." in first_page
    assert update.get_absolute_url() in first_page
    assert first.get_absolute_url() in update_page


def test_an_article_cannot_verify_itself(editor):
    article = make_article()
    with pytest.raises(ValueError):
        actions.link_verification(article, update=article, by=editor)
