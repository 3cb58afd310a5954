"""The story plan in the desk: an editor assigns, the writer accepts or declines with a
reason, the draft is one click away and shows the brief; the day and week views count and
show what is late in red."""

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.news import actions
from warta.news.models import Assignment, Section
from warta.test import make_staff

pytestmark = pytest.mark.django_db


def assignment_post(staff, **extra):
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "title": "Uji coba bus listrik",
        "brief": "Naik rute pertama; tanya penumpang dan operator.",
        "section": Section.objects.get(name="Nasional").pk,
        "assignees": [staff["penulis"].pk],
        "deadline_date": tomorrow.isoformat(),
        "deadline_time": "15:00",
        **extra,
    }


def test_an_editor_assigns_and_the_writer_accepts_and_drafts(client, staff):
    client.force_login(staff["editor"])
    response = client.post("/desk/rencana/baru/", assignment_post(staff))
    assignment = Assignment.objects.get()
    assert response["Location"] == f"/desk/rencana/{assignment.pk}/"
    client.force_login(staff["penulis"])
    mine = client.get("/desk/tugas/").content.decode()
    assert "Uji coba bus listrik" in mine
    client.post(f"/desk/rencana/{assignment.pk}/jawab/", {"answer": "terima"})
    assert Assignment.objects.get().status == "diterima"
    drafted = client.post(f"/desk/rencana/{assignment.pk}/draf/")
    article = Assignment.objects.get().article
    assert drafted["Location"] == f"/desk/berita/{article.pk}/"
    editor_page = client.get(drafted["Location"]).content.decode()
    assert "Naik rute pertama; tanya penumpang dan operator." in editor_page


def test_declining_needs_a_reason_said_in_indonesian(client, staff):
    assignment = actions.assign_story(
        title="Pasar malam",
        brief="",
        section=Section.objects.get(name="Nasional"),
        assignees=[staff["penulis"]],
        deadline=timezone.now() + timedelta(hours=3),
        by=staff["editor"],
    )
    client.force_login(staff["penulis"])
    response = client.post(f"/desk/rencana/{assignment.pk}/jawab/", {"answer": "tolak"})
    assert response.status_code == 400
    assert "Tulis alasan menolak" in response.content.decode()
    assert assignment.members.get().answer == "menunggu"


def test_bad_assignment_forms_save_nothing(client, staff):
    client.force_login(staff["editor"])
    response = client.post(
        "/desk/rencana/baru/",
        assignment_post(staff, title="", assignees=[], publish_date="2020-01-01"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Tulis judul kerjanya.",
        "Pilih siapa yang meliput.",
        "Isi tanggal dan jamnya, atau kosongkan keduanya.",
    ):
        assert message in page
    assert Assignment.objects.count() == 0


def test_only_editors_manage_and_only_assignees_answer(client, staff):
    assignment = actions.assign_story(
        title="Rapat paripurna",
        brief="",
        section=Section.objects.get(name="Nasional"),
        assignees=[staff["penulis"]],
        deadline=timezone.now() + timedelta(hours=3),
        by=staff["editor"],
    )
    other = make_staff("lain", "penulis")
    client.force_login(other)
    assert client.get(f"/desk/rencana/{assignment.pk}/").status_code == 200
    assert (
        client.post(f"/desk/rencana/{assignment.pk}/jawab/", {"answer": "terima"}).status_code
        == 403
    )
    assert client.post(f"/desk/rencana/{assignment.pk}/draf/").status_code == 403
    assert client.get(f"/desk/rencana/{assignment.pk}/ubah/").status_code == 403
    assert client.post(f"/desk/rencana/{assignment.pk}/batal/").status_code == 403
    assert client.get("/desk/rencana/baru/").status_code == 403
    assert Assignment.objects.get().status == "ditugaskan"
    client.force_login(staff["editor"])
    assert client.post(f"/desk/rencana/{assignment.pk}/batal/").status_code == 302
    assert Assignment.objects.get().status == "batal"
    assert client.get("/desk/rencana/999999/").status_code == 404


def test_the_day_plan_groups_by_section_counts_and_shows_late_in_red(client, staff):
    section = Section.objects.get(name="Nasional")
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    # Both on today's page whatever the hour: one at midnight past, one at the day's end.
    for title, deadline in (
        ("Sudah lewat tenggat", today),
        ("Masih ada waktu", today + timedelta(days=1, microseconds=-1)),
    ):
        assignment = actions.assign_story(
            title=title,
            brief="",
            section=section,
            assignees=[staff["penulis"]],
            deadline=timezone.now() + timedelta(hours=1),
            by=staff["editor"],
        )
        Assignment.objects.filter(pk=assignment.pk).update(deadline=deadline)
    client.force_login(staff["penulis"])
    page = client.get("/desk/rencana/").content.decode()
    assert "Nasional (2)" in page
    assert "2 liputan: 2 berjalan, 1 terlambat, 0 selesai" in page
    late_row = page.split("Sudah lewat tenggat")[1].split("</tr>")[0]
    assert 'class="late"' in late_row
    ontime_row = page.split("Masih ada waktu")[1].split("</tr>")[0]
    assert 'class="late"' not in ontime_row
    week = client.get("/desk/rencana/minggu/").content.decode()
    assert "Sudah lewat tenggat" in week and "Masih ada waktu" in week
