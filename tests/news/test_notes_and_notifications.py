"""Editorial notes with @mentions, and the notifications the newsroom's actions leave, through
news.actions directly; e-mails only through the worker."""

import pytest
from django.core import mail

from warta.news import actions
from warta.news.models import Article, EditorialNote, Notification
from warta.test import make_article, make_person, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    users = {
        "penulis": make_staff("rina", "penulis"),
        "lain": make_staff("dimas", "penulis"),
        "editor": make_staff("bambang", "editor"),
    }
    make_person("Rina Kusuma", user=users["penulis"])
    return users


@pytest.fixture
def draft(cast):
    return make_article("Banjir di hulu sungai", status="draft", by=cast["penulis"])


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_mention_tells_whoever_may_see_the_article(cast, draft):
    note = actions.add_note(
        draft, text="@rina tolong cek angka korban; @dimas juga", by=cast["editor"]
    )
    assert set(note.mentions.all()) == {cast["penulis"]}  # dimas may not see this draft
    assert kinds(cast["penulis"]) == ["mention"]
    assert kinds(cast["lain"]) == []
    told = Notification.objects.get(user=cast["penulis"])
    assert "tolong cek angka korban" in told.text
    assert told.url.endswith(f"#catatan-{note.pk}")


def test_a_reply_joins_the_thread_and_tells_the_first_author(cast, draft):
    first = actions.add_note(draft, text="Sumbernya siapa?", by=cast["editor"])
    reply = actions.add_note(draft, text="BPBD kabupaten.", by=cast["penulis"], parent=first)
    again = actions.add_note(draft, text="Oke.", by=cast["editor"], parent=reply)
    assert reply.parent == first and again.parent == first  # one level deep
    assert kinds(cast["editor"]) == ["mention"]


def test_notes_refuse_empty_text_and_notes_of_other_articles(cast, draft):
    with pytest.raises(ValueError):
        actions.add_note(draft, text="  <b></b> ", by=cast["editor"])
    other = make_article("Lain", status="draft", by=cast["penulis"])
    elsewhere = actions.add_note(other, text="Catatan.", by=cast["editor"])
    with pytest.raises(ValueError):
        actions.add_note(draft, text="Balasan.", by=cast["editor"], parent=elsewhere)
    assert EditorialNote.objects.filter(article=draft).count() == 0


def test_resolving_and_reopening(cast, draft):
    note = actions.add_note(draft, text="Judul terlalu panjang.", by=cast["editor"])
    assert actions.resolve_note(note, by=cast["penulis"]).resolved_at is not None
    assert actions.resolve_note(note, by=cast["editor"], resolved=False).resolved_at is None


def test_return_publish_and_correct_tell_the_writer(cast, draft):
    actions.submit_article(draft, by=cast["penulis"])
    actions.return_article(draft, by=cast["editor"], note="Tambahkan data curah hujan.")
    actions.submit_article(draft, by=cast["penulis"])
    actions.publish_article(Article.objects.get(pk=draft.pk), by=cast["editor"])
    actions.correct_article(draft, by=cast["editor"], kind="ralat", text="Nama desa diperbaiki.")
    assert kinds(cast["penulis"]) == ["corrected", "published", "returned"]
    returned = Notification.objects.get(user=cast["penulis"], kind="returned")
    assert "Tambahkan data curah hujan." in returned.text
    assert kinds(cast["editor"]) == []  # nobody is told of their own doing


def test_emails_go_through_the_worker_for_the_kinds_asked(
    cast, draft, django_capture_on_commit_callbacks, immediate_tasks
):
    cast["penulis"].email = "rina@warta.example"
    cast["penulis"].save()
    actions.set_notification_email(cast["penulis"], ["returned", "bogus"])
    actions.submit_article(draft, by=cast["penulis"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_article(draft, by=cast["editor"], note="Perbaiki judul.")
        actions.add_note(draft, text="@rina lihat catatan", by=cast["editor"])
    assert len(mail.outbox) == 1  # returned asked by e-mail; the mention only in the desk
    assert mail.outbox[0].to == ["rina@warta.example"]
    assert "Perbaiki judul." in mail.outbox[0].body
    assert Notification.objects.get(kind="returned").emailed_at is not None
