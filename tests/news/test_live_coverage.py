"""Live coverage through news.actions: start, post, edit (the earlier text kept), end; and
three editors posting fifty updates at once lose nothing."""

import threading

import pytest
from django.db import connection

from tests.sqlite_file import writers_at_once
from warta.news import actions
from warta.news.models import LiveUpdate, LiveUpdateVersion
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editors():
    return [make_staff(f"redaktur{i}", "editor") for i in range(3)]


@pytest.fixture
def report(editors):
    article = make_article("Laporan langsung: sidang tahunan")
    return actions.start_live(article, by=editors[0])


def test_updates_need_a_running_coverage(editors):
    article = make_article()
    with pytest.raises(actions.WorkflowError):
        actions.post_live_update(article, text="Terlalu dini.", by=editors[0])
    actions.start_live(article, by=editors[0])
    actions.end_live(article, by=editors[0])
    with pytest.raises(actions.WorkflowError):
        actions.post_live_update(article, text="Terlambat.", by=editors[0])
    with pytest.raises(actions.WorkflowError):
        actions.start_live(article, by=editors[0])  # an ended report stays a record
    assert LiveUpdate.objects.count() == 0


def test_plain_text_becomes_paragraphs_and_markup_is_cleaned(editors, report):
    update = actions.post_live_update(
        report, text="Sidang dibuka.\n\nKetua membacakan agenda.", by=editors[0]
    )
    assert update.text == "<p>Sidang dibuka.</p><p>Ketua membacakan agenda.</p>"
    hostile = actions.post_live_update(
        report, text='<p onclick="x()">Aman<script>alert(1)</script></p>', by=editors[0]
    )
    assert "script" not in hostile.text and "onclick" not in hostile.text
    with pytest.raises(ValueError):
        actions.post_live_update(report, text="<p> </p>", by=editors[0])


def test_an_edit_keeps_the_earlier_text_and_shows_the_correction(editors, report):
    update = actions.post_live_update(report, text="Jumlah peserta 300 orang.", by=editors[0])
    edited = actions.edit_live_update(
        update, by=editors[1], text="Jumlah peserta 3.000 orang.", correction="Angka diperbaiki."
    )
    assert "3.000" in edited.text and edited.edited_at is not None
    assert edited.correction == "Angka diperbaiki."
    assert LiveUpdateVersion.objects.get(update=update).text == "<p>Jumlah peserta 300 orang.</p>"


def test_three_editors_posting_fifty_updates_at_once_lose_nothing(editors, report, tmp_path):
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, which locks whole tables; the newsroom's is a
        # file shared by processes, so that is what is tested.
        return _three_processes_on_a_sqlite_file(tmp_path)
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def post(editor, numbers):
        try:
            start.wait()
            for number in numbers:
                actions.post_live_update(report, text=f"Pembaruan nomor {number}.", by=editor)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(editor, range(i, 50, 3)))
        for i, editor in enumerate(editors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    texts = set(LiveUpdate.objects.filter(article=report).values_list("text", flat=True))
    assert texts == {f"<p>Pembaruan nomor {n}.</p>" for n in range(50)}


POSTER = """
from django.contrib.auth import get_user_model
from warta.news import actions
from warta.news.models import Article
editor = get_user_model().objects.get(username=USERNAME)
report = Article.objects.get(headline="Laporan langsung")
for number in range(FIRST, 50, 3):
    actions.post_live_update(report, text=f"Pembaruan nomor {number}.", by=editor)
"""
SETUP = """
from warta.news import actions
from warta.test import make_article, make_staff
editors = [make_staff(f"redaktur{i}", "editor") for i in range(3)]
actions.start_live(make_article("Laporan langsung"), by=editors[0])
"""
COUNT = """
from warta.news.models import LiveUpdate
print(sorted(LiveUpdate.objects.values_list("text", flat=True)))
"""


def _three_processes_on_a_sqlite_file(tmp_path) -> None:
    """Three app-server processes on one SQLite file, as the demo runs: all fifty updates land."""
    found = writers_at_once(
        tmp_path,
        setup=SETUP,
        writers=[f"USERNAME, FIRST = 'redaktur{i}', {i}\n{POSTER}" for i in range(3)],
        report=COUNT,
    )
    for number in range(50):
        assert f"<p>Pembaruan nomor {number}.</p>" in found
    assert found.count("Pembaruan nomor") == 50
