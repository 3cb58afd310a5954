"""What a reader types, read into clauses: never an error, whatever the input.

    banjir jakarta           both words, in any field, in any form (banjir, kebanjiran)
    "korea utara"            the words side by side, stop words included
    -bekasi  -"hujan lebat"  none of these
    banjir OR gempa          either
    Korut                    its synonyms too (Korea Utara)

Everything else (FTS5 or tsquery syntax, SQL, punctuation) is just more words or nothing: the
backends never see the reader's text, only the stems built here, which are letters and digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from warta.search.analysis import STOP_WORDS, stem, words

# Enough for any real question; the rest of a pasted paragraph is ignored.
MAX_LENGTH = 500
MAX_REQUIRED = 8
MAX_EXCLUDED = 4
MAX_PHRASE = 12
MAX_ALTERNATIVES = 12

# A quoted phrase (perhaps never closed), or a run of anything else but spaces.
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Inside an unquoted item these keep a compound together ("e-sports", "Rp16.240", "U-17");
# any other punctuation separates words.
_SEPARATOR = re.compile(r"[^\w\-'’./]+|_")

Alternative = tuple[str, ...]  # one term, or a phrase of several
SynonymTable = Mapping[Alternative, frozenset[Alternative]]


@dataclass(frozen=True)
class Clause:
    """Any one of its alternatives must match (or, when excluded, none may)."""

    alternatives: tuple[Alternative, ...]
    # The word as typed, when the clause comes from one unquoted word: spelling suggestions
    # replace it.
    typed: str = ""

    @property
    def stems(self) -> set[str]:
        return {term for alternative in self.alternatives for term in alternative}


@dataclass
class ParsedQuery:
    required: list[Clause] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def highlight(self) -> set[str]:
        """Stems worth marking in a snippet: everything asked for, except stop words."""
        found: set[str] = set()
        for clause in self.required:
            found |= clause.stems
        return {term for term in found if term not in STOP_WORDS}


@dataclass
class _Token:
    stem: str
    word: str
    free: bool  # typed on its own, unquoted: stop words may go, synonyms apply


@dataclass
class _Item:
    tokens: list[_Token]
    negated: bool = False
    quoted: bool = False
    either: bool = False  # "OR" came before it


def _tokens(text: str, *, free: bool) -> list[_Token]:
    return [_Token(stem(word), word, free) for word, _start, _end in words(text)]


def _items(text: str) -> list[_Item]:
    items: list[_Item] = []
    negate_next = either_next = False
    for match in _ITEM.finditer(text[:MAX_LENGTH]):
        minus, phrase, bare = match.groups()
        found: list[_Item] = []
        if bare is None:
            tokens = _tokens(phrase, free=False)
            if tokens:
                found.append(_Item(tokens, negated=bool(minus), quoted=True))
        elif bare in ("OR", "|"):
            either_next = bool(items)
            continue
        elif bare in ("AND", "&", "+"):
            continue
        elif bare in ("NOT", "-"):
            negate_next = True
            continue
        else:
            negated = bare.startswith("-")
            for part in _SEPARATOR.split(bare[1:] if negated else bare):
                tokens = _tokens(part, free=True)
                if len(tokens) > 1:  # a compound: its words side by side
                    for token in tokens:
                        token.free = False
                if tokens:
                    found.append(_Item(tokens, negated=negated))
        if not found:
            continue
        found[0].negated = found[0].negated or negate_next
        found[0].either = either_next
        negate_next = either_next = False
        items += found
    return items


def _with_synonyms(tokens: list[_Token], synonyms: SynonymTable, longest: int) -> list[Clause]:
    """Free words become clauses: synonyms (longest first) join their equivalents."""
    clauses: list[Clause] = []
    position = 0
    while position < len(tokens):
        for size in range(min(longest, len(tokens) - position), 0, -1):
            run = tokens[position : position + size]
            key = tuple(token.stem for token in run)
            if size > 1 and not all(token.free for token in run):
                continue
            if key in synonyms:
                alternatives = sorted({key, *synonyms[key]}, key=lambda alt: (len(alt), alt))
                typed = run[0].word if size == 1 else ""
                clauses.append(Clause(tuple(alternatives[:MAX_ALTERNATIVES]), typed))
                position += size
                break
        else:
            token = tokens[position]
            clauses.append(Clause(((token.stem,),), token.word))
            position += 1
    return clauses


def _clauses(item: _Item, synonyms: SynonymTable, longest: int) -> list[Clause]:
    tokens = item.tokens[:MAX_PHRASE]
    if not tokens:
        return []
    if item.quoted or not tokens[0].free:
        return [Clause((tuple(token.stem for token in tokens),))]
    return _with_synonyms(tokens, synonyms, longest)


def _merge_either(clauses: list[tuple[Clause, bool]]) -> list[Clause]:
    merged: list[Clause] = []
    for clause, either in clauses:
        if either and merged:
            previous = merged[-1]
            alternatives = tuple(dict.fromkeys(previous.alternatives + clause.alternatives))
            merged[-1] = Clause(alternatives[:MAX_ALTERNATIVES])
        else:
            merged.append(clause)
    return merged


def parse(text: str, synonyms: SynonymTable | None = None) -> ParsedQuery:
    """Clauses from anything a reader may type; an empty ParsedQuery when nothing is left."""
    synonyms = synonyms or {}
    longest = max((len(key) for key in synonyms), default=1)
    items = _items(text)
    # Runs of free words are read together, so "korea utara" can meet its synonym "korut".
    grouped: list[_Item] = []
    for item in items:
        previous = grouped[-1] if grouped else None
        if (
            previous
            and not (item.quoted or previous.quoted or item.negated or previous.negated)
            and not item.either
            and all(token.free for token in previous.tokens + item.tokens)
        ):
            previous.tokens += item.tokens
        else:
            grouped.append(_Item(list(item.tokens), item.negated, item.quoted, item.either))
    required: list[tuple[Clause, bool]] = []
    excluded: list[Clause] = []
    for item in grouped:
        clauses = _clauses(item, synonyms, longest)
        if item.negated:
            excluded += clauses
        else:
            required += [
                (clause, item.either and index == 0) for index, clause in enumerate(clauses)
            ]
    kept = _merge_either(required)
    content = [clause for clause in kept if not _only_stop_words(clause)]
    return ParsedQuery(
        required=_unique(content or kept)[:MAX_REQUIRED],
        excluded=_unique(excluded)[:MAX_EXCLUDED],
    )


def _only_stop_words(clause: Clause) -> bool:
    return all(len(alt) == 1 and alt[0] in STOP_WORDS for alt in clause.alternatives) and bool(
        clause.typed
    )


def _unique(clauses: Iterable[Clause]) -> list[Clause]:
    seen: set[tuple[Alternative, ...]] = set()
    unique = []
    for clause in clauses:
        key = tuple(sorted(clause.alternatives))
        if key not in seen:
            seen.add(key)
            unique.append(clause)
    return unique


def synonym_table(rows: Iterable[tuple[str, list[str], bool]]) -> dict[Alternative, frozenset]:
    """(term, equivalents, both ways) rows as stems: each key finds its alternatives."""
    table: dict[Alternative, set[Alternative]] = {}
    for term, equivalents, both_ways in rows:
        key = tuple(stem(word) for word, _start, _end in words(term))[:MAX_PHRASE]
        means = [
            tuple(stem(word) for word, _start, _end in words(text))[:MAX_PHRASE]
            for text in equivalents
        ]
        means = [mean for mean in means if mean and mean != key]
        if not key or not means:
            continue
        table.setdefault(key, set()).update(means)
        if both_ways:
            for mean in means:
                table.setdefault(mean, set()).add(key)
    return {key: frozenset(value) for key, value in table.items()}
