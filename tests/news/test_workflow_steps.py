"""The workflow actions, each with its state rule, its revision and its audit entry:
submit_article, return_article, schedule_article, unschedule_article, unpublish_article,
restore_revision. (publish_article, publish_scheduled and correct_article have files of their own.)
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry, Revision
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)
S = Article.Status


def _audited(action):
    return list(AuditEntry.objects.filter(action=action).values_list("summary", flat=True))


def test_submit_sends_a_draft_for_review_and_only_a_draft():
    draft = make_article("Dikirim", status="draft")
    sent = actions.submit_article(draft, by=None, note="Siap diperiksa")
    assert sent.status == S.REVIEW and AuditEntry.objects.filter(action="submit").exists()
    with pytest.raises(actions.WorkflowError):
        actions.submit_article(sent, by=None)


def test_return_needs_a_note_and_clears_the_schedule_of_a_never_published_article():
    editor = make_staff("redaktur", "editor")
    planned = make_article("Terjadwal", status="scheduled")
    with pytest.raises(ValueError):
        actions.return_article(planned, by=editor, note="  ")
    back = actions.return_article(planned, by=editor, note="Cek angka")
    assert (back.status, back.return_note, back.published_at) == (S.DRAFT, "Cek angka", None)


def test_schedule_refuses_the_past_and_remembers_the_approved_revision():
    review = make_article("Jadwal", status="review")
    with pytest.raises(ValueError):
        actions.schedule_article(review, by=None, at=timezone.now() - timedelta(minutes=1))
    planned = actions.schedule_article(review, by=None, at=timezone.now() + timedelta(hours=1))
    assert planned.status == S.SCHEDULED
    assert planned.approved_revision_id == planned.current_revision_id


def test_unschedule_returns_it_to_review():
    planned = make_article("Batal jadwal", status="scheduled")
    back = actions.unschedule_article(planned, by=None)
    assert (back.status, back.approved_revision_id) == (S.REVIEW, None)


def test_unpublish_needs_a_reason_and_takes_it_off_the_home_page(client):
    live = make_article("Akan ditarik", is_headline=True)
    assert "Akan ditarik" in client.get("/").content.decode()
    with pytest.raises(ValueError):
        actions.unpublish_article(live, by=None, reason="")
    gone = actions.unpublish_article(live, by=None, reason="Sumber keliru")
    assert (gone.status, gone.is_headline) == (S.UNPUBLISHED, False)
    assert "Akan ditarik" not in client.get("/").content.decode()
    assert client.get(live.get_absolute_url()).status_code == 404


def test_restore_revision_makes_a_new_revision_with_the_old_text():
    story = make_article("Versi pertama", status="draft")
    first = story.current_revision
    data = {**first.data, "headline": "Versi kedua"}
    story = actions.save_article(story, by=None, data=data, base_revision=first.pk)
    restored = actions.restore_revision(story, first, by=None)
    assert restored.headline == "Versi pertama"
    assert restored.current_revision.kind == Revision.Kind.RESTORE
    assert Revision.objects.filter(article=story).count() == 3
    assert _audited("restore") == [f"#{first.number}"]
