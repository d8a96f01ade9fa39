"""The document model of a parsed report: plain, frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph (or the summary) with its repaired text.

    `text` is the paragraph as a reader sees it: markup removed, pieces split by page
    breaks and footnotes joined. `offsets[i]` is the position in the source file of
    `text[i]`, so any span of the text can be traced back to the source.
    """

    key: str  # "1", "2", … or "summary"
    number: int | None
    text: str
    offsets: tuple[int, ...] = field(repr=False)
    section: str | None = None  # key of the Section it sits in
    footnote_refs: tuple[str, ...] = ()

    @property
    def source_start(self) -> int:
        return self.offsets[0]

    @property
    def source_end(self) -> int:
        """One past the source position of the last character."""
        return self.offsets[-1] + 1

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source positions of `text[start:end]`."""
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Section:
    key: str  # "I", "II", "II.A", or a slug when unnumbered
    number: str | None
    title: str
    level: int
    source_start: int


@dataclass(frozen=True)
class Footnote:
    marker: str  # "*", "1", …
    text: str
    source_start: int
    source_end: int
    referenced_from: str | None = None  # paragraph key, or "header" for the front matter


@dataclass(frozen=True)
class Report:
    """A UN report as the pipeline needs it; `slug` names it in every IRI."""

    slug: str
    identifier: str
    symbol: str | None
    organ: str | None
    session: int | None
    agenda_items: tuple[int, ...]
    agenda_title: str | None
    agenda_document: str | None  # symbol of the agenda the item refers to (a footnote)
    date: dt.date | None
    title: str
    doc_type: str | None  # "Report of the Secretary-General", "Note by the Secretariat", …
    summary: Paragraph | None
    paragraphs: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    source_name: str
    sha256: str

    def units(self) -> tuple[Paragraph, ...]:
        """The summary (if any) and the numbered paragraphs, in reading order."""
        return ((self.summary,) if self.summary else ()) + self.paragraphs

    def paragraph(self, number: int) -> Paragraph:
        for p in self.paragraphs:
            if p.number == number:
                return p
        raise KeyError(number)
