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
    """The window of the body with the most distinct matched words, else the summary."""
    text = " ".join(html_text(body).split())
    found = list(words(text))
    stems = [stem(word) for word, _start, _end in found]
    best, best_key = -1, (0, 0)
    for index, term in enumerate(stems):
        if term not in wanted:
            continue
        start = max(index - LEAD, 0)
        window = [term for term in stems[start : start + WINDOW] if term in wanted]
        key = (len(set(window)), len(window))
        if key > best_key:
            best, best_key = start, key
    if best < 0:
        return highlight(truncate_words(summary, SUMMARY_CHARS), wanted)
    end = min(best + WINDOW, len(found)) - 1
    passage = text[found[best][1] : found[end][2]]
    lead = "… " if best > 0 else ""
    tail = " …" if end < len(found) - 1 else ""
    return mark_safe(f"{lead}{highlight(passage, wanted)}{tail}")  # noqa: S308
