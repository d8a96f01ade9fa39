"""The competency questions (COMPETENCY-QUESTIONS.md), each a named query in `queries/`,
answered on the graph built from the first report."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

ID = "https://w3id.org/ciskg/id/"
QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.rq"))
HLRM = f"{ID}event/high-level-review-meeting-2004-05-26"
CIS_STATES = {"arm", "aze", "blr", "geo", "kaz", "kgz", "mda", "rus", "tjk", "tkm", "ukr", "uzb"}


def local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_every_named_query_has_a_header_and_parses(path):
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any(re.match(r"# title: \S", line) for line in header), "no title"
    assert any(re.match(r"# description: \S", line) for line in header), "no description"
    ox.Store().query(text)  # raises SyntaxError if it does not parse


def test_there_is_a_query_for_each_competency_question():
    names = {p.stem[:4] for p in QUERIES}
    assert {f"cq{n:02d}" for n in range(1, 12)} <= names


def test_cq01_remaining_state_resolves_to_uzbekistan(named):
    rows = [r for r in named("cq01") if r.get("addresseeLabel") == "the remaining State"]
    assert {
        (local(r["instrument"]), local(r["action"]), r.get("resolvedStateLabel")) for r in rows
    } == {
        ("refugee-convention-1951", "accede", "Uzbekistan"),
        ("refugee-protocol-1967", "accede", "Uzbekistan"),
    }
    assert all(
        r["paragraphNumber"] == "16" and "invited the remaining State" in r["evidence"]
        for r in rows
    )


def test_cq01_sign_and_ratify_per_instrument(named):
    rows = [r for r in named("cq01") if r.get("paragraphNumber") == "25"]
    instruments = {local(r["instrument"]) for r in rows}
    assert instruments == {
        "migrant-workers-convention-1990",
        "trafficking-protocol-2000",
        "smuggling-protocol-2000",
    }
    assert {local(r["action"]) for r in rows} == {"sign-and-ratify"}
    assert {r["addresseeLabel"] for r in rows} == {"participating States which had not yet done so"}
    resolved = {
        (local(r["instrument"]), r["resolvedStateLabel"]) for r in rows if "resolvedState" in r
    }
    # resolved states took part in the meeting and were not party on 28 May 2004
    assert ("migrant-workers-convention-1990", "Ukraine") in resolved
    assert all(state != "Uzbekistan" for _, state in resolved)  # not a participant


def test_cq01_other_instrument_statements(named):
    rows = named("cq01")
    found = {
        (r.get("paragraphNumber"), local(r["type"]), local(r["action"]), local(r["instrument"]))
        for r in rows
        if "action" in r
    }
    assert ("28", "Invitation", "support-drafting", "coe-trafficking-convention-2005") in found
    assert ("20", "Invitation", "adopt-measures", "refugee-convention-1951") in found
    assert ("20", "Invitation", "adopt-measures", "crc-1989") in found
    assert ("34", "Commitment", "consider-acceding", "statelessness-convention-1961") in found
    assert (
        "34",
        "Commitment",
        "consider-acceding",
        "european-convention-on-nationality-1997",
    ) in found
    assert ("35", "Commitment", "consider-acceding", "stateless-persons-convention-1954") in found


def test_cq02_lead_agencies(named):
    rows = named("cq02", process=f"{ID}process/geneva-conference-process")
    assert {local(r["agency"]) for r in rows} == {"unhcr", "iom", "osce", "coe"}
    by_agency = {local(r["agency"]): set(r["paragraphs"].split(", ")) for r in rows}
    assert {"7", "48"} <= by_agency["osce"]


def test_cq03_soderkoping_countries(named):
    rows = named("cq03", process=f"{ID}process/soderkoping-process")
    assert {r["stateLabel"] for r in rows} == {
        "Belarus",
        "Republic of Moldova",
        "Ukraine",
        "Estonia",
        "Hungary",
        "Latvia",
        "Lithuania",
        "Poland",
        "Romania",
        "Slovakia",
    }


@pytest.mark.parametrize(
    ("label", "start", "end", "place"),
    [
        ("High-Level Review Meeting", "2004-05-26", "2004-05-28", "Minsk"),
        ("Concluding meeting of the Conference process", "2005-10-10", None, "Geneva"),
        ("Meeting of northern cluster countries", "2004-09-09", "2004-09-10", "Minsk"),
        (
            "Meeting of southern and central cluster countries",
            "2004-10-28",
            "2004-10-29",
            "Budapest",
        ),
        (
            "First thematic workshop on reception and detention regimes",
            "2005-02-07",
            "2005-02-08",
            "Kyiv",
        ),
        ("Senior level review meeting", "2005-05-12", "2005-05-13", "Söderköping"),
        (
            "Thirteenth meeting of the Budapest Group of Senior Officials",
            "2005-06-29",
            "2005-06-30",
            "Vienna",
        ),
        ("Senior level review meeting", "2003-10", None, "Söderköping"),
    ],
)
def test_cq04_timeline(named, label, start, end, place):
    rows = [r for r in named("cq04") if r["eventLabel"].startswith(label) and r["start"] == start]
    assert len(rows) == 1, rows
    assert rows[0].get("end") == end
    assert rows[0].get("placeLabel") == place


def test_cq04_dates_keep_the_precision_of_the_text(sparql):
    rows = sparql("SELECT ?d WHERE { ?e a cis:Event ; cis:startDate ?d }")
    assert len(rows) >= 20
    assert {"2003-10", "2003"} & {r["d"] for r in rows}


def test_cq05_working_group_cochairs(named):
    rows = named("cq05", meeting=HLRM)
    got = {(frozenset(r["coChairs"].split("; ")), r["themes"]) for r in rows}
    unhcr = "Office of the United Nations High Commissioner for Refugees"
    assert any(
        chairs == {unhcr, "Russian Federation"} and "asylum" in themes for chairs, themes in got
    )
    assert any(
        chairs == {"International Organization for Migration", "Kyrgyzstan"}
        and "migration management" in themes
        for chairs, themes in got
    )
    assert any(
        chairs == {"Council of Europe", "Organization for Security and Co-operation in Europe"}
        and "human security" in themes
        and "forced displacement" in themes
        for chairs, themes in got
    )


def test_cq06_secretariats(named):
    rows = named("cq06")
    assert ("budapest-process", "icmpd") in {
        (local(r["process"]), local(r["secretariat"])) for r in rows
    }
    soderkoping = [r for r in rows if local(r["process"]) == "soderkoping-process"]
    assert soderkoping and soderkoping[0].get("placeLabel") == "Kyiv"
    assert (
        soderkoping[0].get("hostLabel")
        == "Office of the United Nations High Commissioner for Refugees"
    )


def test_cq07_roles_at_the_high_level_review_meeting(named):
    rows = named("cq07", event=HLRM)
    roles: dict[str, set[str]] = {}
    for r in rows:
        roles.setdefault(r["role"], set()).add(local(r["actor"]))
    assert roles["organizer"] == {"unhcr", "iom", "osce", "coe"}
    assert roles["coSponsor"] == {"european-commission"}
    assert roles["host"] == {"blr"}
    assert roles["coChair"] == {"unhcr", "iom"}
    participants = [r for r in rows if r["role"] == "participant"]
    assert "european-commission" in {local(r["actor"]) for r in participants}
    cis = next(r for r in participants if r["actorLabel"].startswith("CIS member countries"))
    assert (
        "Uzbekistan" not in cis["resolvedStates"] and len(cis["resolvedStates"].split("; ")) == 11
    )


def test_cq08_everything_about_iom(named):
    rows = named("cq08", actor=f"{ID}org/iom")
    mentioned = {r.get("paragraphNumber", "summary") for r in rows if r["kind"] == "mention"}
    assert mentioned == {"summary", "2", "5", "7", "9", "32", "44", "47", "51", "53", "57", "60"}
    assert {"organizer", "leadAgency", "coChair", "participant"} <= {
        r.get("relation") for r in rows
    }
    assert any(r["kind"] == "statement" and r.get("paragraphNumber") == "32" for r in rows)


def test_cq09_related_processes(named):
    rows = named("cq09", process=f"{ID}process/geneva-conference-process")
    got = {(local(r["other"]), r["relation"]) for r in rows}
    assert ("soderkoping-process", "spinOffOf") in got
    assert ("budapest-process", "relatedTo") in got
    assert ("issyk-kul-dialogue", "relatedTo") in got
    assert ("bali-process", "relatedTo") in got
    assert any(
        rel == "proposedSuccessorOf" and other.startswith("framework-for-euro-asian-cooperation")
        for other, rel in got
    )


def test_cq10_funding(named):
    rows = named("cq10")
    got = {(local(r["funder"]), r["fundedLabel"]) for r in rows}
    assert ("european-commission", "High-Level Review Meeting") in got
    assert any(
        f == "european-commission" and "redirection of the Budapest Process" in x for f, x in got
    )
    assert any(f == "european-commission" and "Söderköping" in x for f, x in got)
    assert any(f == "eu" and "Söderköping" in x for f, x in got)
    assert any(f == "austrian-government" and "Budapest Group" in x for f, x in got)


def test_cq11_flags_the_meeting_dated_before_its_project(named):
    rows = named("cq11")
    flagged = [r for r in rows if r["problem"].startswith("event before")]
    assert any(
        "St. Petersburg" in r["subjectLabel"] and r["paragraphNumber"] == "46" for r in flagged
    )
