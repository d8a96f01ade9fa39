"""Undo what a PDF-to-text conversion did to a UN report: blocks, markup, escapes.

The text arrives as light Markdown: `#` headings, `**bold**` and `*italic*`, `\\*`
escapes, `---` rules where pages break, and hard line breaks inside paragraphs.
Everything here keeps, for each character it emits, its position in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters Markdown lets one escape with a backslash.
_ESCAPABLE = set("\\`*_{}[]()#+-.!|<>~\"'")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines: its raw source and where it starts."""

    raw: str
    start: int
    line: int  # 1-based line number of its first line

    @property
    def end(self) -> int:
        return self.start + len(self.raw)


@dataclass(frozen=True)
class Clean:
    """Text with markup removed and, for each character, its source position."""

    text: str
    offsets: tuple[int, ...]
    footnote_refs: tuple[tuple[str, int], ...] = ()  # (marker, position in text)

    def __add__(self, other: Clean) -> Clean:
        return Clean(
            self.text + other.text,
            self.offsets + other.offsets,
            self.footnote_refs + tuple((m, p + len(self.text)) for m, p in other.footnote_refs),
        )


def blocks(source: str) -> list[Block]:
    """Split a text into blocks at blank lines, keeping offsets and line numbers."""
    out: list[Block] = []
    pos = 0
    for match in [*_BLANK_LINES.finditer(source), None]:
        end = match.start() if match else len(source)
        raw = source[pos:end]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(Block(stripped, start, source.count("\n", 0, start) + 1))
        if match:
            pos = match.end()
    return out


def clean(source: str, start: int, end: int) -> Clean:
    """Remove Markdown markup from `source[start:end]`, collapse whitespace.

    An escaped asterisk right after a word (`agenda\\*`) is a footnote reference:
    it is dropped from the text and returned in `footnote_refs`.
    """
    chars: list[str] = []
    offsets: list[int] = []
    refs: list[tuple[str, int]] = []
    i = start
    while i < end:
        c = source[i]
        if c == "\\" and i + 1 < end and source[i + 1] in _ESCAPABLE:
            if source[i + 1] == "*" and chars and not chars[-1].isspace():
                j = i
                marker = ""
                while j + 1 < end and source[j] == "\\" and source[j + 1] == "*":
                    marker += "*"
                    j += 2
                refs.append((marker, len(chars)))
                i = j
                continue
            chars.append(source[i + 1])
            offsets.append(i + 1)
            i += 2
        elif c == "*":
            i += 1  # emphasis markers
        elif c.isspace():
            if chars and not chars[-1].isspace():
                chars.append(" ")
                offsets.append(i)
            i += 1
        else:
            chars.append(c)
            offsets.append(i)
            i += 1
    while chars and chars[-1].isspace():
        chars.pop()
        offsets.pop()
    while chars and chars[0].isspace():
        chars.pop(0)
        offsets.pop(0)
        refs = [(m, p - 1) for m, p in refs]
    return Clean("".join(chars), tuple(offsets), tuple(refs))


def join(first: Clean, second: Clean) -> Clean:
    """Join two pieces of one paragraph split by a page break.

    A word hyphenated across the break keeps its hyphen and loses the space;
    otherwise one space joins the pieces.
    """
    if not first.text:
        return second
    if first.text.endswith("-") and second.text[:1].islower():
        return first + second
    space = Clean(" ", (first.offsets[-1] + 1,))
    return first + space + second
