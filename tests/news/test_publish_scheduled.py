"""actions.publish_scheduled: the worker publishes the approved revision of a due article, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.test import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_not_before_its_time_and_only_once(time_machine):
    start = timezone.now()
    time_machine.move_to(start)
    planned = make_article(
        "Terbit pukul sepuluh", status="scheduled", published_at=start + timedelta(minutes=5)
    )
    assert actions.publish_scheduled(planned) is None
    time_machine.move_to(start + timedelta(minutes=6))
    assert actions.publish_scheduled(planned).status == Article.Status.PUBLISHED
    assert actions.publish_scheduled(planned) is None
    assert AuditEntry.objects.filter(action="publish", article=planned).count() == 1


def test_readers_get_the_approved_text_not_a_later_draft(time_machine):
    start = timezone.now()
    time_machine.move_to(start)
    planned = make_article(
        "Teks disetujui", status="scheduled", published_at=start + timedelta(minutes=5)
    )
    later = {**planned.current_revision.data, "headline": "Teks belum disetujui"}
    actions.save_article(planned, by=None, data=later, base_revision=planned.current_revision_id)
    time_machine.move_to(start + timedelta(minutes=6))
    live = actions.publish_scheduled(planned)
    assert live.headline == "Teks disetujui"
