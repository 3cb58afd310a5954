"""actions.correct_article: a public correction, the corrected text as a revision, audited."""

import pytest

from warta.news import actions
from warta.news.models import Correction, Revision
from warta.test import make_article, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_correction_is_shown_and_the_text_changes(client):
    editor = make_staff("redaktur", "editor")
    live = make_article("Jumlah korban banjir")
    data = {**live.current_revision.data, "body": "<p>Korban berjumlah 12 orang.</p>"}
    actions.correct_article(
        live, by=editor, kind="koreksi", text="Jumlah korban 12, bukan 21.", data=data
    )
    live.refresh_from_db()
    assert live.current_revision.kind == Revision.Kind.CORRECTION
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Jumlah korban 12, bukan 21." in page and "Korban berjumlah 12 orang." in page
    assert "Jumlah korban 12" in client.get("/koreksi/").content.decode()


def test_only_published_articles_and_only_with_words():
    with pytest.raises(ValueError):
        actions.correct_article(make_article("Tanpa teks"), by=None, kind="koreksi", text=" ")
    with pytest.raises(actions.WorkflowError):
        actions.correct_article(
            make_article("Draf", status="draft"), by=None, kind="koreksi", text="Ralat"
        )
    assert not Correction.objects.exists()
