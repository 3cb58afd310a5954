"""A story's way through the desk: draft, review, return, schedule, publish, correct, unpublish."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news.models import Article, AuditEntry, Correction, Revision, Section

pytestmark = pytest.mark.django_db


def write(client, **fields):
    from warta.news.models import Person

    data = {
        "writer_1": Person.objects.get(slug="rina-kusuma").pk,
        "headline": "Banjir Rendam Permukiman di Jakarta Timur",
        "summary": "Air setinggi lutut merendam ratusan rumah.",
        "section": Section.objects.get(slug="nasional").pk,
        "body": "<p>Hujan deras sejak sore membuat Kali Ciliwung meluap.</p>",
        "tags": "Banjir, Jakarta",
    }
    data.update(fields)
    return client.post("/desk/berita/baru/", data)


def edit(client, article, **fields):
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "section": article.section_id,
        "body": article.body,
        "base_revision": article.current_revision_id,
        # The byline as the form shows it, chosen already.
        **{f"writer_{n}": p.pk for n, p in enumerate(article.ordered_writers(), start=1)},
    }
    data.update(fields)
    return client.post(f"/desk/berita/{article.pk}/", data)


def step(client, article, action, **data):
    return client.post(f"/desk/berita/{article.pk}/alur/{action}/", data)


def test_a_writer_drafts_under_their_own_byline(client, staff):
    client.force_login(staff["penulis"])
    response = write(client)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/berita/{article.pk}/"
    assert article.status == "draft"
    assert article.byline() == "Rina Kusuma"
    assert sorted(article.tags.values_list("name", flat=True)) == ["Banjir", "Jakarta"]
    assert article.revisions.count() == 1


def test_a_headline_is_one_line_whatever_the_box_sent(client, staff):
    """The headline box wraps (a long headline is read whole on a phone); a line break pasted
    into it is a space in the saved headline, not a break in every list and feed."""
    client.force_login(staff["penulis"])
    write(client, headline="Banjir Rendam Permukiman\r\ndi  Jakarta Timur\n")
    assert Article.objects.get().headline == "Banjir Rendam Permukiman di Jakarta Timur"


def test_a_writer_chooses_the_byline_but_not_the_editor(client, staff):
    """The byline is the writer's (co-writers, a contributor, an agency: access RULES
    ["byline"]); the editor credit is the editors' (RULES["people"]). The article stays the
    writer's own through who made it."""
    from warta.news.access import is_own
    from warta.news.models import Person

    other = Person.objects.create(name="Orang Lain", slug="orang-lain", roles=["penulis"])
    client.force_login(staff["penulis"])
    write(client, writer_1=other.pk, editor=other.pk)
    article = Article.objects.get()
    assert article.byline() == "Orang Lain" and article.editor is None
    assert is_own(staff["penulis"], article)


def test_the_form_explains_mistakes_in_indonesian_and_saves_nothing(client, staff):
    client.force_login(staff["penulis"])
    response = write(client, headline="", section="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in html
    assert Article.objects.count() == 0


def test_submit_return_resubmit_schedule_and_publish(client, staff):
    client.force_login(staff["penulis"])
    write(client)
    article = Article.objects.get()
    assert step(client, article, "submit", note="Siap disunting").status_code == 302
    assert Article.objects.get().status == "review"

    client.force_login(staff["editor"])
    refused = step(client, article, "return", note="")
    assert refused.status_code == 400 and Article.objects.get().status == "review"
    assert "Tulis catatan" in refused.content.decode()
    step(client, article, "return", note="Tambahkan keterangan BPBD.")
    article.refresh_from_db()
    assert article.status == "draft" and article.return_note == "Tambahkan keterangan BPBD."

    client.force_login(staff["penulis"])
    dashboard = client.get("/desk/").content.decode()
    assert "Tambahkan keterangan BPBD." in dashboard
    assert edit(client, article, body="<p>Menurut BPBD, 300 rumah terendam.</p>").status_code == 302
    step(client, article, "submit")

    client.force_login(staff["editor"])
    when = timezone.localtime() + timedelta(days=1)
    response = step(client, article, "schedule", date=when.date().isoformat(), time="09:30")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "scheduled"
    assert timezone.localtime(article.published_at).strftime("%H:%M") == "09:30"
    assert article.approved_revision_id == article.current_revision_id
    assert "09:30 WIB" in client.get("/desk/").content.decode()

    step(client, article, "publish")
    article.refresh_from_db()
    assert article.status == "published" and article.is_published
    assert client.get(article.get_absolute_url()).status_code == 200
    assert list(
        AuditEntry.objects.exclude(action="role").order_by("pk").values_list("action", flat=True)
    ) == [
        "submit",
        "return",
        "submit",
        "schedule",
        "publish",
    ]


def test_schedule_refuses_the_past(client, staff):
    client.force_login(staff["editor"])
    write(client)
    article = Article.objects.get()
    yesterday = timezone.localdate() - timedelta(days=1)
    response = step(client, article, "schedule", date=yesterday.isoformat(), time="10:00")
    assert response.status_code == 400
    assert "masa depan" in response.content.decode()
    assert Article.objects.get().status == "draft"


def test_unpublish_needs_a_reason_and_hides_the_story(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff["editor"])
    write(client)
    article = Article.objects.get()
    step(client, article, "publish")
    url = Article.objects.get().get_absolute_url()
    assert step(client, article, "unpublish", note="").status_code == 400
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        step(client, article, "unpublish", note="Narasumber mencabut pernyataan")
    assert Article.objects.get().status == "unpublished"
    assert client.get(url).status_code == 404


def test_a_correction_shows_on_the_article_and_on_the_corrections_page(client, staff):
    client.force_login(staff["editor"])
    write(client)
    article = Article.objects.get()
    step(client, article, "publish")
    response = step(
        client,
        article,
        "correct",
        kind="ralat",
        text="Sebelumnya tertulis 200 rumah; yang benar 300 rumah.",
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.get_kind_display() == "Ralat"
    assert Revision.objects.filter(article=article, kind="correction").exists()
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "Ralat" in page and "yang benar 300 rumah" in page
    listing = client.get("/koreksi/").content.decode()
    assert "yang benar 300 rumah" in listing and Article.objects.get().get_absolute_url() in listing


def test_corrections_page_lists_newest_first_and_hides_unpublished_stories(
    client, staff, django_capture_on_commit_callbacks
):
    from warta.news import actions
    from warta.test import make_article

    first = make_article("Berita pertama")
    second = make_article("Berita kedua")
    actions.correct_article(first, by=staff["editor"], kind="koreksi", text="Koreksi lama")
    actions.correct_article(second, by=staff["editor"], kind="hak-jawab", text="Hak jawab baru")
    html = client.get("/koreksi/").content.decode()
    assert html.index("Hak jawab baru") < html.index("Koreksi lama")
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(
            Article.objects.get(pk=second.pk), by=staff["editor"], reason="uji"
        )
    assert "Hak jawab baru" not in client.get("/koreksi/").content.decode()


def test_a_stale_workflow_click_changes_nothing(client, staff):
    from warta.news import actions

    client.force_login(staff["editor"])
    write(client)
    article = Article.objects.get()
    actions.submit_article(article, by=staff["editor"])
    actions.return_article(Article.objects.get(), by=staff["editor2"], note="Belum lengkap")
    response = step(client, article, "return", note="Lagi")
    assert response.status_code == 403
    assert Article.objects.get().return_note == "Belum lengkap"
