"""`warta worker` publishes scheduled stories on time, exactly once, as approved, and catches up."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from warta.news import actions, revisions
from warta.news.models import Article, AuditEntry
from warta.test import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def scheduled(staff, headline, at):
    article = make_article(headline, status="draft", body="<p>Versi yang disetujui.</p>")
    article = actions.save_article(
        article,
        by=staff["editor"],
        data=revisions.snapshot(article),
        base_revision=article.current_revision_id,
    )
    return actions.schedule_article(article, by=staff["editor"], at=at)


def test_it_publishes_within_a_minute_of_its_time_exactly_once(staff, time_machine):
    time_machine.move_to(timezone.now())
    article = scheduled(staff, "Terbit pukul sepuluh", timezone.now() + timedelta(minutes=5))
    call_command("worker", once=True)
    assert Article.objects.get(pk=article.pk).status == "scheduled"
    time_machine.move_to(timezone.now() + timedelta(minutes=5, seconds=30))
    call_command("worker", once=True)
    call_command("worker", once=True)
    published = Article.objects.get(pk=article.pk)
    assert published.status == "published" and published.is_published
    assert AuditEntry.objects.filter(article=article, action="publish").count() == 1


def test_it_publishes_the_approved_revision_not_later_drafts(staff, time_machine):
    time_machine.move_to(timezone.now())
    article = scheduled(staff, "Disetujui editor", timezone.now() + timedelta(minutes=1))
    later = {
        **revisions.snapshot(Article.objects.get(pk=article.pk)),
        "body": "<p>Draf belakangan yang belum disetujui.</p>",
    }
    actions.save_article(
        Article.objects.get(pk=article.pk),
        by=staff["penulis"],
        data=later,
        base_revision=Article.objects.get(pk=article.pk).current_revision_id,
    )
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    call_command("worker", once=True)
    published = Article.objects.get(pk=article.pk)
    assert published.status == "published"
    assert published.body == "<p>Versi yang disetujui.</p>"
    assert published.revisions.filter(
        data__body="<p>Draf belakangan yang belum disetujui.</p>"
    ).exists()


def test_after_downtime_it_catches_up_in_order(staff, time_machine):
    time_machine.move_to(timezone.now())
    first = scheduled(staff, "Pertama", timezone.now() + timedelta(minutes=10))
    second = scheduled(staff, "Kedua", timezone.now() + timedelta(minutes=20))
    later = scheduled(staff, "Belum waktunya", timezone.now() + timedelta(hours=5))
    time_machine.move_to(timezone.now() + timedelta(hours=1))
    call_command("worker", once=True)
    order = list(
        AuditEntry.objects.filter(action="publish")
        .order_by("pk")
        .values_list("article_id", flat=True)
    )
    assert order == [first.pk, second.pk]
    assert Article.objects.get(pk=later.pk).status == "scheduled"
    assert (
        Article.objects.get(pk=first.pk).published_at
        < Article.objects.get(pk=second.pk).published_at
    )


def test_the_dashboard_shows_overdue_schedules(client, staff, time_machine):
    time_machine.move_to(timezone.now())
    scheduled(staff, "Tertunda", timezone.now() + timedelta(minutes=1))
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    client.force_login(staff["editor"])
    assert "terlambat" in client.get("/desk/").content.decode()
