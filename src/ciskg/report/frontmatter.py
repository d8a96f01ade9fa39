"""Read a report's front matter: organ, session, agenda item, date, symbol, titles.

UN documents put these in a fixed order at the top of the first page; the rules
below read that layout, not any one report's words.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS_ORD = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]
_TENS_CARD = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# A UN document symbol: A/60/150, A/RES/58/154, E/CN.4/1998/53/Add.2, S/2005/1.
SYMBOL = re.compile(
    r"\b(?:A|E|S|ST|CRC|CERD|CCPR|HRC)"
    r"(?:/(?:RES|CN\.\d+|C\.\d+|AC\.\d+|CONF\.\d+|Sub\.\d+|HRC|INF|L\.\d+))*"
    r"(?:/\d+)+(?:/(?:Add|Rev|Corr)\.\d+)*\b"
)
_SESSION = re.compile(r"^(\S+(?:-\S+)?) (?:special )?session$", re.IGNORECASE)
_AGENDA = re.compile(
    r"^Items? ([\d ,and]+?)(?:\s*\(\w\))? of the "
    r"(?:provisional |preliminary )?(?:agenda|list)",
    re.IGNORECASE,
)


def ordinal(word: str) -> int | None:
    """'sixtieth' -> 60, 'fifty-eighth' -> 58, '60th' -> 60; None if not an ordinal."""
    w = word.lower().strip()
    if m := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w):
        return int(m.group(1))
    if w in _UNITS:
        return _UNITS.index(w) + 1
    if w in _TEENS:
        return _TEENS.index(w) + 10
    if w in _TENS_ORD:
        return (_TENS_ORD.index(w) + 2) * 10
    if "-" in w:
        tens, unit = w.split("-", 1)
        if tens in _TENS_CARD and unit in _UNITS:
            return (_TENS_CARD.index(tens) + 2) * 10 + _UNITS.index(unit) + 1
    return None


def parse_date(text: str) -> dt.date | None:
    """The first full date written the UN way ('19 August 2005') in `text`."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        return None


def session_number(line: str) -> int | None:
    m = _SESSION.match(line.strip())
    return ordinal(m.group(1)) if m else None


def agenda_items(line: str) -> tuple[int, ...]:
    m = _AGENDA.match(line.strip())
    return tuple(int(n) for n in re.findall(r"\d+", m.group(1))) if m else ()


def organ_code(organ: str | None) -> str:
    """The symbol series letter of the organ: General Assembly 'a', ECOSOC 'e', …"""
    name = (organ or "").lower()
    if "economic and social" in name:
        return "e"
    if "security council" in name:
        return "s"
    if "human rights council" in name:
        return "a-hrc"
    return "a" if "general assembly" in name else "un"


def derived_identifier(
    organ: str | None, session: int | None, items: tuple[int, ...], date: dt.date | None
) -> str:
    """A stable identifier for a report whose symbol its text does not give.

    Built from what identifies it in the UN's own terms: organ, session, agenda item
    and date ('A/60/item-42/2005-08-19').
    """
    parts = [organ_code(organ).upper()]
    if session:
        parts.append(str(session))
    if items:
        parts.append("item-" + "-".join(str(i) for i in items))
    if date:
        parts.append(date.isoformat())
    return "/".join(parts)
