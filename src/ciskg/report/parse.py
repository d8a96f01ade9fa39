"""Parse a report's text into a `Report`: front matter, summary, sections, paragraphs.

The rules follow the layout of UN parliamentary documents: numbered paragraphs
(`12. …`), roman-numbered sections, footnotes below a rule at the foot of a page,
paragraphs continued across page breaks. Nothing depends on one report's wording.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ciskg.errors import ReportFormatError
from ciskg.iris import slugify
from ciskg.report import frontmatter as fm
from ciskg.report.markup import RULE, Block, Clean, blocks, clean, join
from ciskg.report.model import Footnote, Paragraph, Report, Section

_NUMBERED = re.compile(r"^(?:\*\*)?(\d{1,3})\.\s+")
_FOOTNOTE = re.compile(r"^(\\\*(?:\\\*)*|\d{1,3})\s+\S")
_SECTION = re.compile(r"^((?:[IVXLC]+)|[A-Z])\.\s+(.+)$")
# Page furniture a conversion leaves in the text: page numbers, job numbers, running symbols.
_FURNITURE = re.compile(
    r"^(?:\d{1,3}|\d{2}-\d{5}(?: \(E\))?|\d{1,3}\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d{1,3})$"
)
_TERMINAL = '.!?:;"”)]'
_DOC_TYPE = re.compile(
    r"^(?:Report|Note|Letter|Memorandum|Statement) (?:of|by|from|submitted by)\b"
)


@dataclass
class _Unit:
    """A paragraph being assembled from one or more blocks."""

    key: str
    number: int | None
    body: Clean
    section: str | None
    ended: bool = False  # a heading came after it: later blocks do not continue it


@dataclass
class _State:
    front: list[tuple[int, Clean, Block]] = field(
        default_factory=list
    )  # (heading level or 0, text)
    summary: _Unit | None = None
    units: list[_Unit] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    mode: str = "front"  # front → summary → body
    after_rule: bool = False

    @property
    def current(self) -> _Unit | None:
        if self.mode == "summary":
            return self.summary
        return self.units[-1] if self.units and not self.units[-1].ended else None

    @property
    def section_key(self) -> str | None:
        return self.sections[-1].key if self.sections else None


def parse_report(text: str, source_name: str = "<report>") -> Report:
    """Parse the text of a UN report; raise ReportFormatError if it is not one."""
    if "\x00" in text:
        raise ReportFormatError("binary data, not a report text", path=source_name)
    state = _State()
    for block in blocks(text):
        _take(state, block, text, source_name)
    return _finish(state, text, source_name)


def _take(state: _State, block: Block, text: str, source_name: str) -> None:
    raw = block.raw
    if RULE.match(raw):
        state.after_rule = True
        return
    if raw.startswith("#"):
        state.after_rule = False
        _heading(state, block, text)
        return
    if _FURNITURE.match(raw.strip("* ")):
        return
    numbered = _NUMBERED.match(raw)
    if state.after_rule and _FOOTNOTE.match(raw) and not numbered:
        marker = _FOOTNOTE.match(raw).group(1).replace("\\", "")  # type: ignore[union-attr]
        body = clean(text, block.start + len(_FOOTNOTE.match(raw).group(1)), block.end)  # type: ignore[union-attr]
        state.footnotes.append(Footnote(marker, body.text, block.start, block.end))
        return
    state.after_rule = False
    if numbered:
        number = int(numbered.group(1))
        last = state.units[-1].number if state.units else 0
        if number == (last or 0) + 1:
            body = clean(text, block.start + numbered.end(), block.end)
            if raw.startswith("**") and raw.rstrip().endswith("**"):
                body = clean(text, block.start + numbered.end(), block.end)
            state.mode = "body"
            state.units.append(_Unit(str(number), number, body, state.section_key))
            return
        if number > (last or 0) + 1:
            raise ReportFormatError(
                f"paragraph {number} follows paragraph {last}: paragraphs are missing",
                path=source_name,
                line=block.line,
            )
    piece = clean(text, block.start, block.end)
    if state.mode == "front":
        state.front.append((0, piece, block))
        return
    unit = state.current
    if unit is None:
        return  # text under a heading before any paragraph: not part of a numbered paragraph
    if not unit.body.text:
        unit.body = piece
    elif (
        state.mode == "summary" and _ends_sentence(unit.body.text) and not piece.text[:1].islower()
    ):
        gap = Clean("\n\n", (unit.body.offsets[-1] + 1, unit.body.offsets[-1] + 2))
        unit.body = unit.body + gap + piece
    else:
        unit.body = join(unit.body, piece)


def _heading(state: _State, block: Block, text: str) -> None:
    hashes = len(block.raw) - len(block.raw.lstrip("#"))
    title = clean(text, block.start + hashes, block.end)
    if title.text.lower().rstrip(".:") == "summary":
        state.mode = "summary"
        state.summary = _Unit("summary", None, Clean("", ()), None)
        return
    section = _SECTION.match(title.text)
    if state.mode == "front" and not section:
        state.front.append((hashes, title, block))
        return
    for unit in state.units:
        unit.ended = True
    state.mode = "body"
    if section:
        number, name = section.group(1), section.group(2).strip()
        is_roman = bool(re.fullmatch(r"[IVXLC]+", number)) and not (
            len(number) == 1
            and state.sections
            and state.sections[-1].level == 1
            and number in "CLV"
            and _is_letter_sequence(state, number)
        )
        if is_roman:
            key, level = number, 1
        else:
            parent = next((s.key for s in reversed(state.sections) if s.level == 1), None)
            key, level = (f"{parent}.{number}" if parent else number), 2
        state.sections.append(Section(key, number, name, level, block.start))
    else:
        state.sections.append(Section(slugify(title.text), None, title.text, 1, block.start))


def _is_letter_sequence(state: _State, letter: str) -> bool:
    """'C.' after 'B.' is a lettered subsection, not the roman numeral 100."""
    prev = state.sections[-1].number or ""
    return len(prev) == 1 and prev.isalpha() and ord(letter) == ord(prev) + 1


def _ends_sentence(s: str) -> bool:
    return s.rstrip()[-1:] in _TERMINAL if s.strip() else True


def _finish(state: _State, text: str, source_name: str) -> Report:
    if not state.units:
        raise ReportFormatError(
            "no numbered paragraphs found: not a UN report text", path=source_name
        )
    last = state.units[-1]
    if not _ends_sentence(last.body.text):
        raise ReportFormatError(
            f"paragraph {last.key} ends mid-sentence ('…{last.body.text[-30:]}'): "
            "the report looks truncated",
            path=source_name,
            line=text.count("\n", 0, last.body.offsets[-1]) + 1,
        )
    paragraphs = tuple(_paragraph(u) for u in state.units)
    summary = _paragraph(state.summary) if state.summary and state.summary.body.text else None
    footnotes = _attach_footnotes(state, paragraphs, summary)
    meta = _front_matter(state, footnotes)
    identifier = meta["symbol"] or fm.derived_identifier(
        meta["organ"], meta["session"], meta["agenda_items"], meta["date"]
    )
    return Report(
        slug=slugify(identifier, max_len=80),
        identifier=identifier,
        symbol=meta["symbol"],
        organ=meta["organ"],
        session=meta["session"],
        agenda_items=meta["agenda_items"],
        agenda_title=meta["agenda_title"],
        agenda_document=meta["agenda_document"],
        date=meta["date"],
        title=meta["title"] or "",
        doc_type=meta["doc_type"],
        summary=summary,
        paragraphs=paragraphs,
        sections=tuple(state.sections),
        footnotes=footnotes,
        source_name=source_name,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def _paragraph(unit: _Unit) -> Paragraph:
    body = unit.body
    return Paragraph(
        unit.key,
        unit.number,
        body.text,
        body.offsets,
        unit.section,
        tuple(m for m, _ in body.footnote_refs),
    )


def _attach_footnotes(
    state: _State, paragraphs: tuple[Paragraph, ...], summary: Paragraph | None
) -> tuple[Footnote, ...]:
    where: dict[str, str] = {}
    for _, piece, _ in state.front:
        for marker, _ in piece.footnote_refs:
            where.setdefault(marker, "header")
    for p in ((summary,) if summary else ()) + paragraphs:
        for marker in p.footnote_refs:
            where.setdefault(marker, p.key)
    return tuple(
        Footnote(f.marker, f.text, f.source_start, f.source_end, where.get(f.marker))
        for f in state.footnotes
    )


def _front_matter(state: _State, footnotes: tuple[Footnote, ...]) -> dict:
    meta: dict = {
        "organ": None,
        "session": None,
        "agenda_items": (),
        "agenda_title": None,
        "agenda_document": None,
        "date": None,
        "title": None,
        "doc_type": None,
        "symbol": None,
    }
    notes = {f.marker: f for f in footnotes}
    after_agenda = False
    for level, piece, block in state.front:
        for line in _lines(piece, block):
            line_text = line.text
            if meta["organ"] is None and level == 1:
                meta["organ"] = line_text
            elif meta["date"] is None and fm.parse_date(line_text) and len(line_text) < 40:
                meta["date"] = fm.parse_date(line_text)
            elif meta["session"] is None and fm.session_number(line_text):
                meta["session"] = fm.session_number(line_text)
            elif not meta["agenda_items"] and fm.agenda_items(line_text):
                meta["agenda_items"] = fm.agenda_items(line_text)
                for marker, _ in line.footnote_refs:
                    symbol = fm.SYMBOL.search(notes[marker].text) if marker in notes else None
                    if symbol:
                        meta["agenda_document"] = symbol.group(0)
                after_agenda = True
                continue
            elif meta["symbol"] is None and fm.SYMBOL.fullmatch(line_text.strip()):
                meta["symbol"] = line_text.strip()
        if after_agenda and meta["agenda_title"] is None and not level and state.front:
            if not fm.agenda_items(piece.text):
                meta["agenda_title"] = piece.text
        elif level and meta["agenda_items"]:
            if _DOC_TYPE.match(piece.text) and meta["doc_type"] is None:
                meta["doc_type"] = piece.text
            elif meta["title"] is None:
                meta["title"] = piece.text
    return meta


def _lines(piece: Clean, block: Block) -> list[Clean]:
    """Front-matter blocks hold several facts, one a line ('Distr.: General' / a date)."""
    out: list[Clean] = []
    start = 0
    raw_lines = block.raw.split("\n")
    if len(raw_lines) == 1:
        return [piece]
    pos = block.start
    for raw_line in raw_lines:
        c = Clean(*_slice(piece, pos, pos + len(raw_line)))
        if c.text.strip():
            out.append(c)
        pos += len(raw_line) + 1
    del start
    return out


def _slice(
    piece: Clean, start: int, end: int
) -> tuple[str, tuple[int, ...], tuple[tuple[str, int], ...]]:
    idx = [i for i, o in enumerate(piece.offsets) if start <= o < end]
    if not idx:
        return "", (), ()
    a, b = idx[0], idx[-1] + 1
    text = piece.text[a:b]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    refs = tuple((m, p - a - lead) for m, p in piece.footnote_refs if a <= p <= b)
    return text, piece.offsets[a + lead : a + lead + len(text)], refs
