import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from warta.news import actions
from warta.news.models import Article
from warta.search.index import rebuild, remove_article, sync_article
from warta.search.models import Document, Term, Word
from warta.search.query import search


def found(text, **options):
    return [hit.article.headline for hit in search(text, **options).page(1, 50).object_list]


def documents(stem):
    term = Term.objects.filter(text=stem).first()
    return term.documents if term else 0


def test_a_published_article_is_found_and_counted(article):
    article("Pembebasan Kursk diumumkan")
    assert found("bebaskan kursk") == ["Pembebasan Kursk diumumkan"]
    assert documents("kursk") == 1
    assert Word.objects.filter(text="pembebasan", stem="bebas").exists()


def test_a_draft_is_indexed_for_the_desk_but_never_counted_or_shown_to_readers(article):
    draft = article("Rahasia Kursk", status=Article.Status.DRAFT)
    assert found("kursk") == []
    assert found("kursk", published_only=False) == ["Rahasia Kursk"]
    assert Document.objects.get(pk=draft.pk).counted is False
    assert documents("rahasia") == 0
    assert not Word.objects.filter(text="rahasia").exists()


def test_unpublishing_removes_it_from_readers_at_once_and_from_the_counts(article):
    story = article("Gempa di Kursk")
    actions.unpublish_article(story, by=None, reason="salah")
    assert found("kursk") == []  # the article's own status decides, even before a sync
    story.refresh_from_db()
    sync_article(story)
    assert found("kursk") == []
    assert found("kursk", published_only=False) == ["Gempa di Kursk"]
    assert documents("kursk") == 0


def test_an_edit_replaces_the_indexed_text_and_moves_the_counts(article):
    story = article("Banjir di Bekasi")
    article("Banjir di Depok")
    assert documents("banjir") == 2
    story.headline = "Gempa di Bekasi"
    story.save(update_fields=["headline"])
    sync_article(story)
    assert found("gempa") == ["Gempa di Bekasi"]
    assert found("banjir") == ["Banjir di Depok"]
    assert (documents("banjir"), documents("gempa")) == (1, 1)


def test_syncing_twice_changes_nothing(article):
    story = article("Banjir di Bekasi")
    sync_article(story)
    sync_article(story)
    assert documents("banjir") == 1
    assert found("banjir") == ["Banjir di Bekasi"]


def test_the_index_changes_with_the_callers_transaction(article):
    story = article("Banjir di Bekasi", status=Article.Status.DRAFT)
    try:
        with transaction.atomic():
            published = actions.publish_article(story, by=None)
            sync_article(published)
            assert found("banjir") == ["Banjir di Bekasi"]
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert found("banjir") == []
    assert documents("banjir") == 0


def test_tags_and_kicker_are_searchable(article):
    article("Air naik di Kampung Melayu", tags=["Ciliwung"], kicker="SIAGA")
    assert found("ciliwung") == ["Air naik di Kampung Melayu"]
    assert found("siaga") == ["Air naik di Kampung Melayu"]


def test_removing_an_article_takes_it_out(article):
    story = article("Banjir di Bekasi")
    remove_article(story.pk)
    assert found("banjir", published_only=False) == []
    assert documents("banjir") == 0


def test_rebuild_indexes_everything_again_from_the_articles(article):
    article("Banjir di Bekasi")
    article("Gempa di Depok", status=Article.Status.DRAFT)
    Article.objects.filter(headline="Banjir di Bekasi").update(headline="Longsor di Bekasi")
    assert rebuild() == 2
    assert found("longsor") == ["Longsor di Bekasi"] and found("banjir") == []
    assert found("gempa", published_only=False) == ["Gempa di Depok"]
    assert (documents("longsor"), documents("gempa")) == (1, 0)


def _index_contents() -> tuple:
    from warta.search.backends import get_backend

    backend = get_backend()
    return (
        sorted(Document.objects.values_list("pk", "counted", "headline", "summary", "keywords")),
        sorted(Term.objects.values_list("text", "documents")),
        sorted(Word.objects.values_list("text", "stem")),
        {pk: backend.stored_terms(pk) for pk in Document.objects.values_list("pk", flat=True)},
    )


def test_a_rebuild_analyzing_in_worker_processes_writes_the_same_index(article, monkeypatch):
    from warta.search import index

    for number, place in enumerate(["Bekasi", "Depok", "Bogor", "Tangerang", "Cikarang"]):
        status = Article.Status.DRAFT if number == 3 else Article.Status.PUBLISHED
        article(f"Banjir rob merendam {place}", status=status)
    monkeypatch.setattr(index, "BATCH", 2)  # three batches: the workers run ahead
    assert rebuild(workers=0) == 5
    alone = _index_contents()
    assert rebuild(workers=2) == 5
    assert _index_contents() == alone
    assert found("banjir bogor") == ["Banjir rob merendam Bogor"]
    assert documents("banjir") == 4


def test_the_rebuild_command_shows_progress(article, capsys):
    article("Banjir di Bekasi")
    call_command("search", "rebuild")
    assert "1 articles indexed" in capsys.readouterr().out
    assert found("banjir") == ["Banjir di Bekasi"]
    call_command("search", "rebuild", "--workers", "0")
    assert found("banjir") == ["Banjir di Bekasi"]
    with pytest.raises(CommandError, match="0 or more"):
        call_command("search", "rebuild", "--workers", "-1")


def test_the_count_of_published_articles_moves_with_each_publication(article):
    """Term weights need the number of published articles; the index keeps it (the empty
    term) so a search never counts the articles."""
    first = article("Banjir di Bekasi")
    article("Gempa di Depok")
    article("Longsor di Bogor", status=Article.Status.DRAFT)
    assert documents("") == 2
    actions.unpublish_article(first, by=None, reason="salah")
    assert documents("") == 1
    article("Kebakaran di Bogor")
    remove_article(Article.objects.get(headline="Gempa di Depok").pk)
    assert documents("") == 1
    rebuild()
    assert documents("") == Article.objects.filter(status=Article.Status.PUBLISHED).count() == 2


def test_an_index_from_before_the_count_gets_it_when_migrated(article):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("warta.search.migrations.0006_published_count")
    article("Banjir di Bekasi")
    article("Gempa di Depok")
    article("Longsor di Bogor", status=Article.Status.DRAFT)
    Term.objects.filter(text="").delete()
    migration.count(apps, None)
    assert documents("") == 2
