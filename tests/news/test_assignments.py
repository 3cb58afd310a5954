"""The story plan through news.actions: assign, answer, draft, the article's workflow moving
the assignment along, deadline warnings told once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Article, Assignment, AuditEntry, Notification
from warta.test import make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return {
        "rina": make_staff("rina", "penulis"),
        "dimas": make_staff("dimas", "penulis"),
        "editor": make_staff("bambang", "editor"),
    }


@pytest.fixture
def assignment(cast):
    return actions.assign_story(
        title="Harga cabai jelang Natal",
        brief="Cek tiga pasar induk; wawancara pedagang dan dinas.",
        section=make_section("Ekonomi"),
        assignees=[cast["rina"], cast["dimas"]],
        deadline=timezone.now() + timedelta(hours=5),
        by=cast["editor"],
    )


def test_assigning_tells_each_assignee(cast, assignment):
    assert assignment.status == "ditugaskan"
    for name in ("rina", "dimas"):
        told = Notification.objects.get(user=cast[name])
        assert told.kind == "assigned" and "Harga cabai jelang Natal" in told.text
    assert AuditEntry.objects.filter(action="assign").exists()


def test_bad_assignments_save_nothing(cast):
    section = make_section("Ekonomi")
    soon = timezone.now() + timedelta(hours=1)
    for kwargs in (
        {"title": " ", "assignees": [cast["rina"]]},
        {"title": "Liputan", "assignees": []},
        {"title": "Liputan", "assignees": [cast["rina"]], "publish_at": soon - timedelta(hours=2)},
    ):
        with pytest.raises(ValueError):
            actions.assign_story(
                brief="", section=section, deadline=soon, by=cast["editor"], **kwargs
            )
    assert Assignment.objects.count() == 0
    assert Notification.objects.count() == 0


def test_accepting_and_declining(cast, assignment):
    actions.answer_assignment(assignment, by=cast["rina"], accept=True)
    assert Assignment.objects.get(pk=assignment.pk).status == "diterima"
    with pytest.raises(ValueError):
        actions.answer_assignment(assignment, by=cast["dimas"], accept=False)
    actions.answer_assignment(assignment, by=cast["dimas"], accept=False, reason="Sedang cuti.")
    told = Notification.objects.get(user=cast["editor"])
    assert "Sedang cuti." in told.text
    with pytest.raises(PermissionError):
        actions.answer_assignment(assignment, by=cast["editor"], accept=True)


def test_the_draft_is_made_once_and_the_workflow_moves_the_plan(cast, assignment):
    actions.answer_assignment(assignment, by=cast["dimas"], accept=False, reason="Cuti.")
    article = actions.draft_from_assignment(assignment, by=cast["rina"])
    assert actions.draft_from_assignment(assignment, by=cast["rina"]).pk == article.pk
    assert article.headline == "Harga cabai jelang Natal"
    assert article.section.name == "Ekonomi"
    assert [p.user for p in article.ordered_writers()] == [cast["rina"]]  # not who declined
    assert Assignment.objects.get(pk=assignment.pk).status == "dikerjakan"
    actions.submit_article(article, by=cast["rina"])
    assert Assignment.objects.get(pk=assignment.pk).status == "dikirim"
    actions.return_article(article, by=cast["editor"], note="Tambah harga bawang.")
    assert Assignment.objects.get(pk=assignment.pk).status == "dikerjakan"
    actions.submit_article(article, by=cast["rina"])
    actions.publish_article(Article.objects.get(pk=article.pk), by=cast["editor"])
    assert Assignment.objects.get(pk=assignment.pk).status == "selesai"


def test_a_cancelled_assignment_takes_no_answer_and_no_draft(cast, assignment):
    actions.cancel_assignment(assignment, by=cast["editor"])
    with pytest.raises(actions.WorkflowError):
        actions.answer_assignment(assignment, by=cast["rina"], accept=True)
    with pytest.raises(actions.WorkflowError):
        actions.draft_from_assignment(assignment, by=cast["rina"])


def test_deadline_warning_comes_once_within_the_hour(cast, assignment):
    now = timezone.now()
    assert actions.warn_deadlines(now) == 0  # five hours away
    later = assignment.deadline - timedelta(minutes=40)
    assert actions.warn_deadlines(later) == 1
    assert actions.warn_deadlines(later + timedelta(minutes=5)) == 0
    warned = Notification.objects.filter(kind="deadline")
    assert {n.user for n in warned} == {cast["rina"], cast["dimas"]}
    moved = actions.update_assignment(
        assignment, by=cast["editor"], deadline=assignment.deadline + timedelta(hours=3)
    )
    assert moved.deadline_warned_at is None  # a new deadline earns a new warning


def test_late_is_what_is_open_past_its_deadline(cast, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(deadline=timezone.now() - timedelta(hours=1))
    late = Assignment.objects.get(pk=assignment.pk)
    assert late.is_late
    Assignment.objects.filter(pk=assignment.pk).update(status="selesai")
    assert not Assignment.objects.get(pk=assignment.pk).is_late
