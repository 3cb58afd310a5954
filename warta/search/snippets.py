"""Highlighted text for a result: the headline, and the passage of the body that matched.

Done in Python from the stored article, not by either database, so both backends show the
same snippet; every piece of text is escaped before <mark> is put around a matched word.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from warta.lib.text import truncate_words
from warta.search.analysis import html_text, stem, words

WINDOW = 32  # words in a snippet
LEAD = 6  # words shown before the first match in it
SUMMARY_CHARS = 220
STRETCH = 800  # characters of body read at a time


def highlight(text: str, wanted: set[str]) -> SafeString:
    """text, escaped, with each word whose stem is wanted in <mark>."""
    parts: list[str] = []
    last = 0
    for word, start, end in words(text):
        if stem(word) in wanted:
            parts.append(escape(text[last:start]))
            parts.append(f"<mark>{escape(text[start:end])}</mark>")
            last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def snippet(body: str, summary: str, wanted: set[str]) -> SafeString:
    """The window of the body with the most distinct matched words, else the summary.

    The body is read a stretch at a time, and the first stretch with a match is taken: news
    puts the point of a story first, and a page of results stays quick to make.
    """
    text = " ".join(html_text(body).split())
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start < STRETCH * 2 else text.rfind(" ", 0, start + STRETCH)
        end = end if end > start else len(text)
        found = _best_window(text, start, end, wanted)
        if found:
            return found
        start = end
    return highlight(truncate_words(summary, SUMMARY_CHARS), wanted)


def _best_window(text: str, start: int, end: int, wanted: set[str]) -> SafeString | None:
    found = [(word, first, last) for word, first, last in words(text[start:end])]
    stems = [stem(word) for word, _first, _last in found]
    best, best_key = -1, (0, 0)
    for index, term in enumerate(stems):
        if term not in wanted:
            continue
        first = max(index - LEAD, 0)
        window = [term for term in stems[first : first + WINDOW] if term in wanted]
        key = (len(set(window)), len(window))
        if key > best_key:
            best, best_key = first, key
    if best < 0:
        return None
    last = min(best + WINDOW, len(found)) - 1
    passage = text[start + found[best][1] : start + found[last][2]]
    lead = "… " if start + found[best][1] > 0 else ""
    tail = " …" if start + found[last][2] < len(text) else ""
    return mark_safe(f"{lead}{highlight(passage, wanted)}{tail}")  # noqa: S308
