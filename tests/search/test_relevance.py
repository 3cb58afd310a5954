"""Relevance on the demo newsroom: nDCG@10 over the judged queries, and the same top five on
SQLite and PostgreSQL.

The demo is loaded once for this module (about half a minute) inside a transaction that is
rolled back at the end; each test runs in a savepoint within it.

Both backends rank with the same formula over the same signals, so their top fives should be
the same. Each run compares its own against tests/search/top5.json, the top fives recorded
on SQLite; `WARTA_SEARCH_RECORD_TOP5=1 pytest tests/search/test_relevance.py` records them
again (after a change of the ranking or the demo, run it on SQLite, then run the suite on
PostgreSQL).
"""

import json
import math
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from tests.search.judged import JUDGED
from warta.search.query import search

TOP5 = Path(__file__).with_name("top5.json")
MIN_NDCG = 0.8
MIN_AGREEMENT = 0.9


@pytest.fixture(scope="module")
def demo_newsroom(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        outer = transaction.atomic()
        # Marked as a test case's own block, as Django's TestCase marks its atomics, so the
        # durable blocks of news.actions (save_article) may run inside it.
        outer._from_testcase = True
        outer.__enter__()
        try:
            # Every article goes through news.actions, which keep the index in step.
            call_command("demo", no_serve=True)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def say(capsys, lines: list[str]) -> None:
    """The figures, shown even when pytest captures output."""
    with capsys.disabled():
        print("\n" + "\n".join(lines))  # noqa: T201


def _headline_of(prefix, ranked):
    return next((headline for headline in ranked if headline.startswith(prefix)), None)


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    gains = {}
    for prefix, grade in grades.items():
        headline = _headline_of(prefix, ranked[:k])
        if headline:
            gains[headline] = grade
    dcg = sum(
        (2 ** gains.get(headline, 0) - 1) / math.log2(rank + 2)
        for rank, headline in enumerate(ranked[:k])
    )
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / best


def ranked(query: str, limit: int = 10) -> list[str]:
    return [hit.article.headline for hit in search(query).page(1, limit).object_list]


def test_every_judged_headline_is_in_the_demo(demo_newsroom, db):
    from warta.news.models import Article

    headlines = list(Article.objects.values_list("headline", flat=True))
    assert len(headlines) >= 60
    for grades in JUDGED.values():
        for prefix in grades:
            assert sum(headline.startswith(prefix) for headline in headlines) == 1, prefix


def test_ndcg_at_10_over_the_judged_queries(demo_newsroom, db, capsys):
    assert len(JUDGED) >= 40
    scores = {query: ndcg(ranked(query), grades) for query, grades in JUDGED.items()}
    mean = sum(scores.values()) / len(scores)
    lines = [f"[{connection.vendor}] nDCG@10 over {len(scores)} judged queries: {mean:.3f}"]
    lowest = sorted(scores.items(), key=lambda item: item[1])[:8]
    lines += [f"    {score:.3f}  {query}" for query, score in lowest]
    say(capsys, lines)
    assert mean >= MIN_NDCG


def test_both_backends_give_the_same_top_five(demo_newsroom, db, capsys):
    current = {query: ranked(query, 5) for query in JUDGED}
    if os.environ.get("WARTA_SEARCH_RECORD_TOP5") == "1":
        TOP5.write_text(json.dumps(current, ensure_ascii=False, indent=1) + "\n")
        pytest.skip(f"recorded {TOP5.name} on {connection.vendor}")
    recorded = json.loads(TOP5.read_text())
    same = [query for query in JUDGED if recorded.get(query) == current[query]]
    agreement = len(same) / len(JUDGED)
    lines = [
        f"[{connection.vendor}] same top 5 as recorded on SQLite: "
        f"{len(same)}/{len(JUDGED)} queries ({agreement:.0%})"
    ]
    lines += [
        f"    differs: {query}: {current[query]} vs {recorded.get(query)}"
        for query in JUDGED
        if query not in same
    ]
    say(capsys, lines)
    assert agreement >= MIN_AGREEMENT
