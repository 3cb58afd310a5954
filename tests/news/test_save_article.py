"""actions.save_article: an edit from a base revision; a conflicting edit is kept, not lost."""

import pytest

from warta.news import actions
from warta.news.models import Revision
from warta.news.revisions import snapshot
from warta.search.query import search
from warta.test import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def _edit(article, **changes):
    return {**snapshot(article), **changes}


def test_an_edit_from_the_latest_revision_is_saved_and_reindexed():
    story = make_article("Panen jagung di Sumba")
    base = story.current_revision_id
    saved = actions.save_article(
        story,
        by=None,
        data=_edit(story, body="<p>Petani merayakan panen raya.</p>"),
        base_revision=base,
    )
    assert saved.current_revision_id != base
    assert saved.updated_at > saved.published_at
    assert search("panen raya").total == 1


def test_a_stale_edit_is_a_conflict_revision_and_both_texts_survive():
    story = make_article("Panen jagung di Sumba", status="draft")
    base = story.current_revision_id
    actions.save_article(story, by=None, data=_edit(story, summary="Versi A"), base_revision=base)
    with pytest.raises(actions.EditConflict) as raised:
        actions.save_article(
            story, by=None, data=_edit(story, summary="Versi B"), base_revision=base
        )
    story.refresh_from_db()
    assert story.summary == "Versi A"
    kept = Revision.objects.get(pk=raised.value.kept.pk)
    assert kept.kind == Revision.Kind.CONFLICT and kept.data["summary"] == "Versi B"
