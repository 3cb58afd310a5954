"""Small text helpers for bylines and headlines."""

from collections.abc import Sequence


def join_names(names: Sequence[str]) -> str:
    """Join names as Indonesian prose does: 'A', 'A dan B', 'A, B, dan C'."""
    names = [name for name in names if name]
    if len(names) <= 2:
        return " dan ".join(names)
    return f"{', '.join(names[:-1])}, dan {names[-1]}"


def truncate_words(text: str, limit: int) -> str:
    """Cut at a word boundary so that the result, with an ellipsis, has at most limit chars."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return f"{cut}…"
