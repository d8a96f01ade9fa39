"""A timeline of events in lanes (one per process), as SVG.

Dates are drawn at the precision the reports give them, never made more exact: a day is
a dot (or a bar for a meeting of several days), a month or a year a pale bar across that
whole month or year, so "June 2003" does not pretend to be 1 June 2003. Labels sit beside
their marks on as many rows as a lane needs so that none overlaps another.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from ciskg.pictures.svg import clip, document, esc, link, text_width

WIDTH = 960
LEFT, RIGHT, TOP = 16, 16, 34
ROW_H = 20
LANE_HEAD_H = 24
LANE_GAP = 10
LABEL_CHARS = 46
LABEL_GAP = 6
_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")

CSS = (
    ".axis{stroke:#9aa5b1;stroke-width:1}.grid{stroke:#e3e8ee;stroke-width:1}"
    ".year{fill:#52606d;font-size:10px}.lane{fill:#f5f7fa}"
    ".lanetitle{font-weight:600;font-size:12px}"
    ".day{fill:#1f6feb}.span{fill:#1f6feb;opacity:.85}"
    ".approx{fill:#1f6feb;opacity:.25;stroke:#1f6feb;stroke-dasharray:2 2}"
    "a:hover text{text-decoration:underline}a:focus{outline:2px solid #f0b429}"
)


@dataclass(frozen=True, slots=True)
class Event:
    label: str
    start: str  # lexical xsd:date, xsd:gYearMonth or xsd:gYear
    href: str
    end: str | None = None
    note: str = ""  # the date as the text gives it, for the tooltip


@dataclass(slots=True)
class Lane:
    label: str
    href: str | None = None
    events: list[Event] = field(default_factory=list)


def interval(lexical: str) -> tuple[dt.date, dt.date, str] | None:
    """First and last day a date literal covers, and its precision (day, month, year)."""
    m = _DATE.match(lexical.strip())
    if m is None:
        return None
    year = int(m.group(1))
    if not 1 <= year <= 9999:
        return None
    try:
        if m.group(3):
            day = dt.date(year, int(m.group(2)), int(m.group(3)))
            return day, day, "day"
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last), "month"
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


@dataclass(frozen=True, slots=True)
class _Placed:
    event: Event
    first: dt.date
    last: dt.date
    precision: str


def render(lanes: list[Lane], title: str, width: int = WIDTH) -> str:
    """The SVG timeline; an empty string if no event has a readable date."""
    placed = [[p for e in lane.events if (p := _place(e)) is not None] for lane in lanes]
    days = [d for ps in placed for p in ps for d in (p.first, p.last)]
    if not days:
        return ""
    start = dt.date(min(days).year, 1, 1)
    stop = dt.date(max(days).year + 1, 1, 1)
    x = _Scale(start, (stop - start).days, width - LEFT - RIGHT)
    backgrounds: list[str] = []
    body: list[str] = []
    y = TOP
    for lane, events in zip(lanes, placed, strict=True):
        if not events:
            continue
        rows, marks = _layout(events, x, width, y + LANE_HEAD_H)
        height = LANE_HEAD_H + rows * ROW_H + 6
        backgrounds.append(
            f'<rect class="lane" x="0" y="{y}" width="{width}" height="{height}" rx="4"/>'
        )
        heading = f'<text class="lanetitle" x="{LEFT}" y="{y + 16}">{esc(lane.label)}</text>'
        body.append(link(lane.href, lane.label, heading) if lane.href else heading)
        body.extend(marks)
        y += height + LANE_GAP
    axis = _axis(start, stop, x, y)
    return document(width, y + 4, title, CSS, [*backgrounds, *axis, *body])


@dataclass(frozen=True, slots=True)
class _Scale:
    """Day → x: the plot spans whole years, from 1 January of the first to the last."""

    start: dt.date
    days: int
    plot: float

    def __call__(self, day: dt.date, end_of_day: bool = False) -> float:
        return LEFT + self.plot * ((day - self.start).days + (1 if end_of_day else 0)) / self.days


def _place(event: Event) -> _Placed | None:
    first = interval(event.start)
    if first is None:
        return None
    last = interval(event.end) if event.end else None
    end_day = last[1] if last is not None and last[1] >= first[0] else first[1]
    return _Placed(event, first[0], end_day, first[2])


def _layout(events: list[_Placed], x: _Scale, width: int, top: int) -> tuple[int, list[str]]:
    """Rows so that labels never overlap; the row count and the marks, rows from `top`."""
    row_ends: list[float] = []
    marks: list[str] = []
    for p in sorted(events, key=lambda p: (p.first, p.last, p.event.label)):
        x1, x2 = x(p.first), x(p.last, end_of_day=True)
        x2 = max(x2, x1 + 3)
        label = clip(p.event.label, LABEL_CHARS)
        w = text_width(label)
        if x2 + LABEL_GAP + w <= width - RIGHT:
            left, right, tx, anchor = x1, x2 + LABEL_GAP + w, x2 + LABEL_GAP, "start"
        else:
            left, right, tx, anchor = x1 - LABEL_GAP - w, x2, x1 - LABEL_GAP, "end"
        row = next((i for i, end in enumerate(row_ends) if end + 8 < left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(right)
        else:
            row_ends[row] = right
        marks.append(_mark(p, label, top + row * ROW_H, x1, x2, tx, anchor))
    return len(row_ends), marks


def _mark(p: _Placed, label: str, y: int, x1: float, x2: float, tx: float, anchor: str) -> str:
    when = p.event.note or (p.event.start + (f" – {p.event.end}" if p.event.end else ""))
    if p.precision == "day" and (p.last - p.first).days < 3:
        shape = f'<circle class="day" cx="{(x1 + x2) / 2:.1f}" cy="{y + 10}" r="5"/>'
    else:
        css = "span" if p.precision == "day" else "approx"
        shape = (
            f'<rect class="{css}" x="{x1:.1f}" y="{y + 5}" '
            f'width="{x2 - x1:.1f}" height="10" rx="2"/>'
        )
    text = f'<text x="{tx:.1f}" y="{y + 14}" text-anchor="{anchor}">{esc(label)}</text>'
    return link(p.event.href, f"{p.event.label} — {when}", shape + text)


def _axis(start: dt.date, stop: dt.date, x: _Scale, bottom: int) -> list[str]:
    years = stop.year - start.year
    step = 1 if years <= 14 else 2 if years <= 30 else 5
    out = [f'<line class="axis" x1="{LEFT}" x2="{x(stop):.1f}" y1="{TOP - 8}" y2="{TOP - 8}"/>']
    for year in range(start.year, stop.year + 1):
        if (year - start.year) % step:
            continue
        xx = x(dt.date(year, 1, 1))
        out.append(f'<line class="grid" x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP - 8}" y2="{bottom}"/>')
        if year < stop.year:
            mid = x(dt.date(year, 7, 1)) if step == 1 else xx + 2
            anchor = "middle" if step == 1 else "start"
            out.append(
                f'<text class="year" x="{mid:.1f}" y="{TOP - 14}" text-anchor="{anchor}">'
                f"{year}</text>"
            )
    return out
