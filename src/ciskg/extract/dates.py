"""Dates as UN reports write them, at the precision written — never more precise.

"26 to 28 May 2004" → 2004-05-26 … 2004-05-28; "9 and 10 September 2004";
"October 2003" → xsd:gYearMonth; "in 2003" → xsd:gYear; "mid-2003" → 2003 with the
words kept; "the early 1990s" → the words only (a decade is no xsd value).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib.namespace import XSD

from ciskg.extract.records import DateValue
from ciskg.report.frontmatter import MONTHS

_M = "(?P<{}>" + "|".join(MONTHS) + ")"
_Y = r"(?P<{}>(?:19|20)\d\d)"
_D = r"(?P<{}>\d{{1,2}})"


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 1 May 2004 to 31 October 2005
    (
        "range_full",
        re.compile(
            rf"(?:from )?{_D.format('d1')} {_M.format('m1')} {_Y.format('y1')} (?:to|until|-|–) "
            rf"{_D.format('d2')} {_M.format('m2')} {_Y.format('y2')}"
        ),
    ),
    # 28 May to 2 June 2004
    (
        "range_months",
        re.compile(
            rf"(?:from )?{_D.format('d1')} {_M.format('m1')} (?:to|-|–) {_D.format('d2')} "
            rf"{_M.format('m2')} {_Y.format('y2')}"
        ),
    ),
    # 26 to 28 May 2004, 9 and 10 September 2004, 26-28 May 2004
    (
        "range_days",
        re.compile(
            rf"(?:from )?{_D.format('d1')} ?(?:to|and|-|–) ?{_D.format('d2')} {_M.format('m2')} "
            rf"{_Y.format('y2')}"
        ),
    ),
    ("day", re.compile(rf"{_D.format('d1')} {_M.format('m1')} {_Y.format('y1')}")),
    # May to June 2005
    (
        "range_month_names",
        re.compile(rf"{_M.format('m1')} (?:to|-|–) {_M.format('m2')} {_Y.format('y2')}"),
    ),
    ("month", re.compile(rf"{_M.format('m1')} {_Y.format('y1')}")),
    # the biennium 2004-2005, 2003-2004
    ("range_years", re.compile(rf"{_Y.format('y1')} ?[-–] ?{_Y.format('y2')}")),
    ("decade", re.compile(r"(?:the )?(?:early |mid-|late )?(?:19|20)\d0s")),
    (
        "qualified_year",
        re.compile(
            r"(?:early|mid-|late|the (?:first|second) half of|the beginning of|the end of) ?"
            + _Y.format("y1")
        ),
    ),
    # a bare year only after a preposition: "in 2003", "since 2003" (not "the 1951 Convention")
    (
        "year",
        re.compile(
            r"\b(?:[Ii]n|[Ss]ince|during|until|by|of|from|before|after) "
            + _Y.format("y1")
            + r"(?![\w/-])"
        ),
    ),
]


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    text: str
    first: DateValue | None
    last: DateValue | None = None


def _day(y: str, m: str, d: str) -> DateValue | None:
    try:
        return DateValue(dt.date(int(y), MONTHS[m], int(d)).isoformat(), XSD.date)
    except ValueError:
        return None


def _month(y: str, m: str) -> DateValue:
    return DateValue(f"{y}-{MONTHS[m]:02d}", XSD.gYearMonth)


def _year(y: str) -> DateValue:
    return DateValue(y, XSD.gYear)


def _values(kind: str, g: dict[str, str]) -> tuple[DateValue | None, DateValue | None]:
    if kind == "range_full":
        return _day(g["y1"], g["m1"], g["d1"]), _day(g["y2"], g["m2"], g["d2"])
    if kind == "range_months":
        return _day(g["y2"], g["m1"], g["d1"]), _day(g["y2"], g["m2"], g["d2"])
    if kind == "range_days":
        return _day(g["y2"], g["m2"], g["d1"]), _day(g["y2"], g["m2"], g["d2"])
    if kind == "day":
        return _day(g["y1"], g["m1"], g["d1"]), None
    if kind == "range_month_names":
        return _month(g["y2"], g["m1"]), _month(g["y2"], g["m2"])
    if kind == "month":
        return _month(g["y1"], g["m1"]), None
    if kind == "range_years":
        return _year(g["y1"]), _year(g["y2"])
    if kind in ("qualified_year", "year"):
        return _year(g["y1"]), None
    return None, None  # a decade: words only


def find_dates(text: str) -> list[DateExpr]:
    """Date expressions in `text`, longest first where they overlap, in text order."""
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            # the preposition before a bare year is context, not part of the date
            a, b = (m.start("y1"), m.end()) if kind == "year" else (m.start(), m.end())
            if any(a < y and x < b for x, y in taken):
                continue
            first, last = _values(kind, m.groupdict())
            if kind != "decade" and first is None:
                continue
            taken.append((a, b))
            found.append(DateExpr(a, b, text[a:b], first, last))
    return sorted(found, key=lambda d: d.start)
