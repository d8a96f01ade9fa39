"""The report parser on the real report and on a second text of the same genre."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ciskg.errors import ReportFormatError
from ciskg.report import parse_report

SECOND = Path(__file__).parent / "data" / "second_report.txt"


def test_finds_exactly_paragraphs_1_to_66_in_order(report):
    assert [p.number for p in report.paragraphs] == list(range(1, 67))
    assert [p.key for p in report.paragraphs] == [str(n) for n in range(1, 67)]


@pytest.mark.parametrize(
    ("number", "first", "last"),
    [
        (
            1,
            "Since the preparation of the previous report",
            "in a coherent and comprehensive manner.",
        ),
        (3, "As concerns asylum legislation", "were still being noted."),
        (
            16,
            "Concerning refugee and asylum issues",
            "high standards for international protection.",
        ),
        (
            38,
            "Participating CIS States expressed concern",
            "search for solutions for these persons.",
        ),
        (
            43,
            "The concluding meeting has been preceded",
            "migration issues in the broader CIS region.",
        ),
        (
            48,
            "The representative of OSCE, a lead agency",
            "for the CIS region as a whole, or for Central Asia only.",
        ),
        (58, "Among the issues of common concern", "at the subregional or bilateral level."),
        (63, "As one of the defining features", "to share their insight and expertise."),
        (64, "Following the request addressed to UNHCR", "in the post-Soviet era."),
        (66, "UNHCR remains committed", "after its formal conclusion."),
    ],
)
def test_paragraph_starts_and_ends_with_its_own_words(report, number, first, last):
    text = report.paragraph(number).text
    assert text.startswith(first)
    assert text.endswith(last)


def test_page_breaks_are_joined_with_one_space(report):
    assert "migration and integration as one of the important areas" in report.paragraph(48).text
    assert "mutual study visits, which strengthen cooperation" in report.paragraph(58).text
    assert "follow-up process for a further period of five years" in report.summary.text


def test_no_markup_or_rules_left_in_text(report):
    for p in report.units():
        assert "**" not in p.text and "---" not in p.text and "\\" not in p.text
        assert "#" not in p.text
    assert "acquis on asylum" in report.paragraph(54).text


def test_footnote_is_parsed_and_not_inside_any_paragraph(report):
    assert [(f.marker, f.text, f.referenced_from) for f in report.footnotes] == [
        ("*", "A/60/150.", "header")
    ]
    for p in report.units():
        assert "A/60/150" not in p.text


def test_offsets_point_at_the_same_characters_in_the_source(report, report_text):
    for p in report.units():
        assert len(p.offsets) == len(p.text)
        assert all(
            ch.isspace() or report_text[o] == ch for ch, o in zip(p.text, p.offsets, strict=True)
        )
        assert list(p.offsets) == sorted(p.offsets)


def test_front_matter(report):
    assert report.symbol is None  # the report's own symbol is not in its text
    assert report.agenda_document == "A/60/150"
    assert report.organ == "General Assembly"
    assert report.session == 60
    assert report.agenda_items == (42,)
    assert report.date == dt.date(2005, 8, 19)
    assert report.doc_type == "Report of the Secretary-General"
    assert report.title.startswith("Follow-up to the Regional Conference to Address the Problems")
    assert report.identifier == "A/60/item-42/2005-08-19"
    assert report.slug == "a-60-item-42-2005-08-19"


def test_sections_and_summary(report):
    assert [(s.key, s.title) for s in report.sections] == [
        ("I", "Implementation of the Programme of Action"),
        ("II", "Review of progress made and future plans"),
        ("III", "Conclusion"),
    ]
    assert report.paragraph(5).section == "I"
    assert report.paragraph(6).section == "II"
    assert report.paragraph(64).section == "III"
    assert report.summary.text.startswith("The present report is submitted pursuant to")
    assert report.summary.text.count("\n\n") == 1  # two summary paragraphs


def test_second_report_of_the_genre():
    r = parse_report(SECOND.read_text(encoding="utf-8"), SECOND.name)
    assert r.symbol == "A/62/999" and r.slug == "a-62-999"
    assert r.session == 62 and r.agenda_items == (41,) and r.date == dt.date(2007, 9, 3)
    assert r.agenda_document == "A/62/150"
    assert [p.number for p in r.paragraphs] == [1, 2, 3, 4, 5]
    assert [s.key for s in r.sections] == ["I", "II", "II.A", "II.B"]
    assert r.paragraph(3).section == "II.A" and r.paragraph(4).section == "II.B"
    assert r.paragraph(3).text.endswith(
        "as well as representatives of UNDP and the European Commission."
    )
    assert {f.marker for f in r.footnotes} == {"*", "1"}
    assert all("07-12345" not in p.text for p in r.units())


def test_parse_is_deterministic(report_text):
    assert parse_report(report_text) == parse_report(report_text)


@pytest.mark.parametrize(
    ("mutilate", "message"),
    [
        (lambda t: t[: t.index("45. The intergovernmental") + 200], "truncated"),
        (
            lambda t: t.replace("\n\n30. The participating", "\n\n31. The participating", 1),
            "missing",
        ),
        (lambda t: "Just some text without any numbered paragraphs.\n", "no numbered paragraphs"),
        (lambda t: "", "no numbered paragraphs"),
    ],
)
def test_broken_reports_get_a_clear_error(report_text, mutilate, message):
    with pytest.raises(ReportFormatError, match=message) as info:
        parse_report(mutilate(report_text), "broken.txt")
    assert str(info.value).startswith("broken.txt")
