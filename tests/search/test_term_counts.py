"""The count of published articles per stem (search_term), kept by every publish and edit: two
editors saving at once, one dropping the words the other adds, must both get through, with
the counts right."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from warta.search.index import _adjust_terms
from warta.search.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = [f"kata{number:02d}" for number in range(40)]


def _edits(mine: list[str], theirs: list[str]) -> list[tuple[set[str], set[str]]]:
    """Saves that take one half of the words out and put the other in, then back, and so on:
    what one save takes out the other's save puts in."""
    return [(set(mine), set(theirs)), (set(theirs), set(mine))] * 15


def test_two_editors_saving_at_once_never_deadlock_and_keep_the_counts():
    Term.objects.bulk_create([Term(text=word, documents=5) for word in WORDS])
    left, right = WORDS[::2], WORDS[1::2]
    plans = [_edits(left, right), _edits(right, left)]
    if connection.vendor == "sqlite":
        # The test database is SQLite in memory, one connection: the saves take turns.
        for plan in plans:
            for removed, added in plan:
                with transaction.atomic():
                    _adjust_terms(removed=removed, added=added)
    else:
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def editor(plan: list[tuple[set[str], set[str]]]) -> None:
            try:
                start.wait()
                for removed, added in plan:
                    with transaction.atomic():
                        _adjust_terms(removed=removed, added=added)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=editor, args=(plan,)) for plan in plans]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
    # Each word was taken out and put in the same number of times.
    counts = Term.objects.filter(text__in=WORDS).values_list("text", "documents")
    assert dict(counts) == dict.fromkeys(WORDS, 5)


def test_a_word_taken_out_that_was_never_counted_stays_at_zero():
    _adjust_terms(removed={"tidakpernah"}, added={"baru"})
    counts = dict(Term.objects.values_list("text", "documents"))
    assert counts.get("baru") == 1
    assert counts.get("tidakpernah", 0) == 0
