"""Sentences of a paragraph, with their offsets, and the mentions inside each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ciskg.gazetteer import Mention

# Words ending in a full stop that do not end a sentence in UN prose.
ABBREVIATIONS = frozenset(
    "e.g i.e etc St Mr Mrs Ms Dr No Nos para paras Add Rev Corr vol Vol cf approx Co Inc Ltd "
    "Jan Feb Mar Apr Aug Sept Oct Nov Dec Distr".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    para: str
    start: int  # offset in the paragraph text
    text: str
    mentions: tuple[Mention, ...]  # offsets relative to the paragraph, like `start`

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions inside `text[start:end]` (sentence-relative offsets)."""
        a, b = self.start + start, self.start + end
        return [m for m in self.mentions if m.start >= a and m.end <= b]


def split(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].rstrip('"”)')
        last_word = re.search(r"(\S+)\.$", before)
        if last_word and last_word.group(1).split("(")[-1] in ABBREVIATIONS:
            continue
        if re.search(r"\b[A-Z]\.$", before):  # an initial, "E. Smith"
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def clauses(text: str) -> list[tuple[int, str]]:
    """(start, text) of the clauses of a sentence: the parts between semicolons, which in
    this genre each carry a predicate of their own ("…; committed themselves to …")."""
    out, start = [], 0
    for m in re.finditer(r";\s*", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def sentences(para: str, text: str, mentions: list[Mention]) -> list[Sentence]:
    out = []
    for a, b in split(text):
        inside = tuple(m for m in mentions if m.start >= a and m.end <= b)
        out.append(Sentence(para, a, text[a:b], inside))
    return out
