"""Keeping the index in step with the articles.

news.actions calls sync_article() from every action that changes what an article says or
whether it is published, inside the action's transaction: the index changes with the article
or not at all. `warta search rebuild` (rebuild()) redoes everything, in one transaction.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from django.db import connection, transaction
from django.utils import timezone

from warta.news.models import Article
from warta.search.analysis import analyze
from warta.search.backends import Row, get_backend
from warta.search.models import EVERY_ARTICLE, Document, Term, Word

BATCH = 500
_FIELDS = ("pk", "headline", "kicker", "summary", "body", "status")


def _fields(article: Article, tags: list[str]) -> dict[str, object]:
    """What the analysis reads of an article (analysis.analyze's arguments)."""
    return {
        "headline": article.headline,
        "kicker": article.kicker,
        "summary": article.summary,
        "body": article.body,
        "tags": tags,
    }


def _counted(article: Article) -> bool:
    """Only what readers may see feeds term weights and spelling suggestions."""
    return article.status == Article.Status.PUBLISHED


def _counted_terms(terms: set[str]) -> set[str]:
    """A published article's terms as Term counts them: with the total of articles."""
    return terms | {EVERY_ARTICLE}


def sync_article(article: Article) -> None:
    """Index the article as it is now, inside the caller's transaction.

    The article is indexed whatever its status, so that the desk can search drafts; readers'
    searches take only published articles, deciding from the article's own row at query time,
    so an unpublished article leaves their results at once, with or without a sync.
    """
    backend = get_backend()
    tags = list(article.tags.values_list("name", flat=True)) if article.pk else []
    analyzed = analyze(**_fields(article, tags))  # type: ignore[arg-type]
    with transaction.atomic():
        before = Document.objects.filter(pk=article.pk).values_list("counted", flat=True).first()
        old_terms = _counted_terms(backend.stored_terms(article.pk)) if before else set()
        counted = _counted(article)
        backend.write([Row(article.pk, counted, analyzed)], at=timezone.now())
        _adjust_terms(removed=old_terms, added=_counted_terms(analyzed.terms) if counted else set())
        if counted:
            _add_words(analyzed.words)


def remove_article(article_id: int) -> None:
    """Take an article out of the index (before deleting it, say)."""
    backend = get_backend()
    with transaction.atomic():
        before = Document.objects.filter(pk=article_id).values_list("counted", flat=True).first()
        if before:
            _adjust_terms(removed=_counted_terms(backend.stored_terms(article_id)), added=set())
        backend.delete([article_id])


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _adjust_terms(*, removed: set[str], added: set[str]) -> None:
    """Article counts of the stems that left or joined the published articles.

    One statement per batch, every row in sorted order, the stems that left with those that
    joined: two saves at once lock the rows they share in the same order, so neither waits for
    the other while holding what the other waits for (counting down the first and up the
    second, each in its own statement, deadlocked when one save took out what the other put
    in). A stem that left without ever being counted stays at zero.
    """
    changes = sorted(
        {*((term, -1) for term in removed - added), *((term, 1) for term in added - removed)}
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(changes, BATCH):
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO search_term (text, documents) VALUES {rows} "  # noqa: S608
                "ON CONFLICT (text) DO UPDATE SET documents = search_term.documents "
                "+ (CASE WHEN excluded.documents > 0 THEN 1 ELSE -1 END)",
                [value for term, step in chunk for value in (term, max(step, 0))],
            )


def _add_words(words: dict[str, str]) -> None:
    Word.objects.bulk_create(
        [Word(text=word, stem=stem) for word, stem in sorted(words.items())],
        ignore_conflicts=True,
        batch_size=BATCH,
    )


def _tags_of(article_ids: Sequence[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = {}
    links = Article.tags.through.objects.filter(article_id__in=article_ids)
    for article_id, name in links.values_list("article_id", "tag__name").order_by("tag__name"):
        tags.setdefault(article_id, []).append(name)
    return tags


# What one article gives the analysis: its id, whether readers see it, and its texts.
Texts = tuple[int, bool, dict[str, object]]


def _texts(chunk: Sequence[int]) -> list[Texts]:
    tags = _tags_of(chunk)
    return [
        (article.pk, _counted(article), _fields(article, tags.get(article.pk, [])))
        for article in Article.objects.filter(pk__in=chunk).only(*_FIELDS).order_by("pk")
    ]


def _analyze_all(texts: list[Texts]) -> list[Row]:
    """The analysis of a batch; pure computation, so worker processes can do it."""
    return [Row(pk, counted, analyze(**fields)) for pk, counted, fields in texts]  # type: ignore[arg-type]


def default_workers() -> int:
    """Processes analyzing while the database writes: one per core beside this one."""
    return max(1, (os.cpu_count() or 1) - 1)


def rebuild(*, progress: Callable[[int], None] | None = None, workers: int | None = None) -> int:
    """Index every article again from nothing; readers see the old index until it is done.

    The analysis (stemming every word) costs about as much as the database's writing, so
    `workers` processes analyze the next batches while this one writes the last (0: all here).
    They only compute: reading and writing stay on this process's connection, in one
    transaction.
    """
    backend = get_backend()
    now = timezone.now()
    documents: Counter[str] = Counter()
    vocabulary: dict[str, str] = {}
    workers = default_workers() if workers is None else workers
    pool: ProcessPoolExecutor | None = None
    ahead: deque[Future[list[Row]]] = deque()

    def write(rows: list[Row]) -> None:
        for row in rows:
            if row.counted:
                documents.update(_counted_terms(row.analyzed.terms))
                for word, stem in row.analyzed.words.items():
                    vocabulary.setdefault(word, stem)
        backend.write(rows, at=now)
        if progress:
            progress(len(rows))

    try:
        with transaction.atomic():
            backend.clear()
            backend.prepare_rebuild()
            Term.objects.all().delete()
            Word.objects.all().delete()
            ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
            if workers and len(ids) > BATCH:  # one batch: nothing to do meanwhile
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            for chunk in _chunks(ids, BATCH):
                texts = _texts(chunk)
                if pool is None:
                    write(_analyze_all(texts))
                    continue
                ahead.append(pool.submit(_analyze_all, texts))
                if len(ahead) > workers:
                    write(ahead.popleft().result())
            while ahead:
                write(ahead.popleft().result())
            backend.optimize()
            Term.objects.bulk_create(
                [Term(text=term, documents=count) for term, count in sorted(documents.items())],
                batch_size=2_000,
            )
            Word.objects.bulk_create(
                [Word(text=word, stem=stem) for word, stem in sorted(vocabulary.items())],
                batch_size=2_000,
            )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return len(ids)
