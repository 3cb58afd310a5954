"""Mungkin maksud Anda ("did you mean"): unknown words respelled from the published articles.

A word is unknown when no published article has its stem (Term counts published articles
only, so drafts suggest nothing). Its correction is the closest word published articles use
(Word), at most two edits away, and the most common among equally close ones.
"""

from __future__ import annotations

from django.db.models.functions import Length

from warta.search.analysis import words
from warta.search.models import Term, Word
from warta.search.parser import ParsedQuery

CANDIDATES = 5_000


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b; limit + 1 if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            cost = char != other
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _starting_with(prefix: str, lengths: range) -> list[tuple[str, str]]:
    """Published words that start with prefix (an index range scan on both backends)."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return list(
        Word.objects.annotate(size=Length("text"))
        .filter(text__gte=prefix, text__lt=after, size__gte=lengths.start, size__lt=lengths.stop)
        .values_list("text", "stem")[:CANDIDATES]
    )


def correction(word: str) -> str | None:
    """The published word closest to word, or None when nothing is close enough.

    Candidates share the word's first letters (three, then two, then one): typos sit more
    often at the end of a word than at its start.
    """
    if len(word) < 4 or not word.isalpha():
        return None
    limit = 1 if len(word) <= 5 else 2
    lengths = range(len(word) - limit, len(word) + limit + 1)
    for size in (3, 2, 1):
        close = {}
        for text, stem in _starting_with(word[:size], lengths):
            edits = distance(word, text, limit)
            if 0 < edits <= limit:
                close[text] = (edits, stem)
        if not close:
            continue
        counts = dict(
            Term.objects.filter(
                text__in={stem for _edits, stem in close.values()}, documents__gt=0
            ).values_list("text", "documents")
        )
        ranked = sorted(
            (edits, -counts[stem], text) for text, (edits, stem) in close.items() if stem in counts
        )
        if ranked:
            return ranked[0][2]
    return None


def better_query(text: str, parsed: ParsedQuery, frequencies: dict[str, int]) -> str:
    """text with each unknown typed word replaced by its correction; "" when none is found."""
    replacements: dict[str, str] = {}
    for clause in parsed.required:
        known = any(
            all(frequencies.get(term, 0) > 0 for term in alternative)
            for alternative in clause.alternatives
        )
        if clause.typed and not known:
            better = correction(clause.typed)
            if better:
                replacements[clause.typed] = better
    if not replacements:
        return ""
    parts: list[str] = []
    last = 0
    for word, start, end in words(text):
        if word in replacements:
            parts += [text[last:start], replacements[word]]
            last = end
    parts.append(text[last:])
    return " ".join("".join(parts).split())
