"""actions.record_schedule_failure: the worker's failure is shown in the desk and audited."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, AuditEntry
from warta.test import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failing_scheduled_article_is_recorded_and_the_others_go_out(monkeypatch, time_machine):
    start = timezone.now()
    time_machine.move_to(start)
    bad = make_article(
        "Gagal terbit", status="scheduled", published_at=start + timedelta(minutes=1)
    )
    good = make_article("Terbit", status="scheduled", published_at=start + timedelta(minutes=2))
    real = actions.publish_scheduled

    def publish(article, **kwargs):
        if article.pk == bad.pk:
            raise RuntimeError("disk penuh")
        return real(article, **kwargs)

    monkeypatch.setattr(actions, "publish_scheduled", publish)
    monkeypatch.setattr("warta.news.management.commands.worker.close_old_connections", lambda: 0)
    time_machine.move_to(start + timedelta(minutes=3))
    call_command("worker", once=True)
    assert Article.objects.get(pk=bad.pk).schedule_error == "disk penuh"
    assert Article.objects.get(pk=good.pk).status == "published"
    assert AuditEntry.objects.filter(action="schedule_failed", article=bad).exists()
