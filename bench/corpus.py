"""A synthetic corpus of report-like texts of the genre, for scale tests only.

Each text has the front matter, summary, sections, numbered paragraphs, page breaks and
footnotes of a Secretary-General's report, and varies the states, meetings, places,
dates, processes, instruments and statements — drawn from the reference layer's names
with a seeded random generator, so the same N and seed give the same corpus.

    python bench/corpus.py OUT_DIR --count 100 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from ciskg.report.frontmatter import MONTHS as _MONTH_NUMBERS

STATES = [
    "Armenia",
    "Azerbaijan",
    "Belarus",
    "Georgia",
    "Kazakhstan",
    "Kyrgyzstan",
    "the Republic of Moldova",
    "the Russian Federation",
    "Tajikistan",
    "Turkmenistan",
    "Ukraine",
    "Uzbekistan",
    "Estonia",
    "Hungary",
    "Latvia",
    "Lithuania",
    "Poland",
    "Romania",
    "Slovakia",
]
ORGS = ["UNHCR", "IOM", "OSCE", "the Council of Europe", "ICMPD", "UNDP", "the European Commission"]
CITIES = [
    "Minsk",
    "Kyiv",
    "Chisinau",
    "Budapest",
    "Vienna",
    "Tbilisi",
    "Almaty",
    "Prague",
    "Geneva",
]
PROCESSES = [
    "the Söderköping Process",
    "the Budapest Process",
    "the 1996 Geneva Conference process",
]
INSTRUMENTS = [
    "the 1951 Convention relating to the Status of Refugees",
    "the 1954 Convention relating to the Status of Stateless Persons",
    "the 1961 Convention on the Reduction of Statelessness",
    "the Convention on the Rights of the Child",
    "the Protocol against the Smuggling of Migrants by Land, Sea and Air",
]
MEETINGS = [
    "round table on asylum procedures",
    "workshop on border management",
    "seminar on labour migration",
    "meeting of senior officials",
    "conference on statelessness",
    "thematic workshop on reception conditions",
]
MONTHS = list(_MONTH_NUMBERS)
ORDINALS = {
    58: "Fifty-eighth",
    59: "Fifty-ninth",
    60: "Sixtieth",
    61: "Sixty-first",
    62: "Sixty-second",
    63: "Sixty-third",
    64: "Sixty-fourth",
}


def _list(rng: random.Random, items: list[str], k: int) -> str:
    chosen = rng.sample(items, k)
    return ", ".join(chosen[:-1]) + " and " + chosen[-1] if k > 1 else chosen[0]


def _event_paragraph(rng: random.Random, year: int) -> str:
    day = rng.randint(1, 25)
    month = rng.choice(MONTHS)
    meeting = rng.choice(MEETINGS)
    city = rng.choice(CITIES)
    process = rng.choice(PROCESSES)
    orgs = _list(rng, ORGS, rng.randint(1, 3))
    states = _list(rng, STATES, rng.randint(2, 5))
    return (
        f"A {meeting} was held in {city} on {day} and {day + 1} {month} {year} within the "
        f"framework of {process}. It was organized by {orgs} and brought together officials "
        f"from {states}."
    )


def _statement_paragraph(rng: random.Random) -> str:
    instrument = rng.choice(INSTRUMENTS)
    kind = rng.randrange(3)
    if kind == 0:
        return (
            f"The participating States invited the remaining States to accede to {instrument}. "
            f"They recognized the importance of reliable data on asylum-seekers."
        )
    if kind == 1:
        states = _list(rng, STATES, 2)
        return f"{states} affirmed that they would consider acceding to {instrument}."
    return (
        f"Participating States invited {rng.choice(ORGS)} to continue to provide technical "
        f"assistance and urged States which had not yet done so to ratify {instrument}."
    )


def report(rng: random.Random, number: int) -> str:
    session = rng.choice(sorted(ORDINALS))
    year = 1945 + session
    paragraphs: list[str] = []
    for _ in range(rng.randint(8, 16)):
        paragraphs.append(
            _event_paragraph(rng, year) if rng.random() < 0.5 else _statement_paragraph(rng)
        )
    body = []
    for i, text in enumerate(paragraphs, start=1):
        if i == len(paragraphs) // 2:  # a page break in the middle of a paragraph
            cut = text.index(" ", len(text) // 2)
            body.append(
                f"{i}. {text[:cut]}\n\n---\n\n{i * 7:02d}-{number:05d}\n\n{text[cut + 1 :]}"
            )
        else:
            body.append(f"{i}. {text}")
    half = len(body) // 2
    return (
        f"# General Assembly\n\nA/{session}/{100 + number}\n\nDistr.: General  \n"
        f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}\n\nOriginal: English\n\n---\n\n"
        f"## {ORDINALS[session]} session\n\n"
        f"Item {rng.randint(30, 90)} of the provisional agenda\\*\n\n"
        f"### **Regional cooperation on refugees and migration, report {number}**\n\n"
        f"#### **Report of the Secretary-General**\n\n#### *Summary*\n\n"
        "The present report is submitted pursuant to General Assembly resolution "
        f"{session - 2}/154.\n\n"
        f"---\n\n\\* A/{session}/150.\n\n"
        f"## I. Meetings\n\n"
        + "\n\n".join(body[:half])
        + "\n\n## II. Conclusions\n\n"
        + "\n\n".join(body[half:])
        + "\n"
    )


def write_corpus(out: Path, count: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = out / f"synthetic-{n:05d}.txt"
        path.write_text(report(rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"wrote {len(write_corpus(args.out, args.count, args.seed))} reports to {args.out}")


if __name__ == "__main__":
    main()
