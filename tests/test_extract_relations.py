"""Working groups, process facts, citations and themes: read from the real report (the
competency questions CQ3, CQ5, CQ6, CQ9, CQ10 and the CQ11 anomaly) and from a second,
report-like text written here with other processes, states, funders and documents."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from ciskg.extract.records import Extraction
from ciskg.namespaces import CIS
from ciskg.report import parse_report

ID = "https://w3id.org/ciskg/id/"
XSD_ = "http://www.w3.org/2001/XMLSchema#"


def _iri(path: str) -> URIRef:
    return URIRef(ID + path)


_CODES = "blr mda ukr est hun lva ltu pol rou svk rus kgz aze kaz tkm arm geo che swe"
STATE = {code: _iri(f"state/{code}") for code in _CODES.split()}
UNHCR, IOM, OSCE, COE = (_iri(f"org/{o}") for o in ("unhcr", "iom", "osce", "coe"))
EC, EU, ICMPD = _iri("org/european-commission"), _iri("org/eu"), _iri("org/icmpd")
GENEVA = _iri("process/geneva-conference-process")
SODERKOPING = _iri("process/soderkoping-process")
BUDAPEST = _iri("process/budapest-process")
BALI = _iri("process/bali-process")
ISSYK_KUL = _iri("process/issyk-kul-dialogue")
THEME = {t: _iri(f"theme/{t}") for t in ("asylum", "migration-management", "human-security")}
THEME |= {
    t: _iri(f"theme/{t}")
    for t in ("forced-displacement", "statelessness", "documentation", "labour-migration")
}


@pytest.fixture(scope="module")
def lexicon(project):
    from ciskg.pipeline import load_lexicon

    return load_lexicon(project)


def _run(report, lexicon):
    from ciskg.pipeline import analyse

    _, extraction = analyse(report, lexicon)
    return extraction


@pytest.fixture(scope="module")
def real(report, lexicon) -> Extraction:
    return _run(report, lexicon)


class Facts:
    """Query helpers over an extraction's facts and entities."""

    def __init__(self, extraction: Extraction) -> None:
        self.x = extraction

    def objects(self, s: URIRef, p: URIRef) -> set:
        return {f.object for f in self.x.facts if f.subject == s and f.predicate == p}

    def subjects(self, p: URIRef, o) -> set:
        return {f.subject for f in self.x.facts if f.predicate == p and f.object == o}

    def has(self, s, p, o) -> bool:
        return any(f.subject == s and f.predicate == p and f.object == o for f in self.x.facts)

    def entity(self, kind: URIRef, label: str) -> URIRef:
        found = [e.iri for e in self.x.entities if e.kind == kind and e.label == label]
        assert found, f"no {kind} labelled {label!r}: {[e.label for e in self.x.entities]}"
        return found[0]

    def labels(self, kind: URIRef) -> set[str]:
        return {e.label for e in self.x.entities if e.kind == kind}

    def event(self, label: str, start: str):
        found = [e for e in self.x.events if e.label == label and e.start.lexical == start]
        assert found, f"no event {label} {start}"
        return found[0]


@pytest.fixture(scope="module")
def facts(real) -> Facts:
    return Facts(real)


# -- CQ5: working groups ----------------------------------------------------------------


def test_cq5_working_groups_of_the_high_level_review_meeting(facts: Facts) -> None:
    meeting = facts.event("High-Level Review Meeting", "2004-05-26").iri
    expected = {
        "First": ({UNHCR, STATE["rus"]}, {THEME["asylum"]}),
        "Second": ({IOM, STATE["kgz"]}, {THEME["migration-management"]}),
        "Third": ({COE, OSCE}, {THEME["human-security"], THEME["forced-displacement"]}),
    }
    for ordinal, (chairs, themes) in expected.items():
        group = facts.entity(
            CIS.WorkingGroup, f"{ordinal} working group of the High-Level Review Meeting"
        )
        assert str(group).startswith(ID + "group/")
        assert facts.objects(group, CIS.partOf) == {meeting}
        assert facts.objects(group, CIS.coChair) == chairs
        assert facts.objects(group, CIS.theme) == themes
    # the plenary's co-chairs stay with the meeting, not with a working group
    assert facts.objects(meeting, CIS.coChair) == {UNHCR, IOM}


def test_a_working_group_named_by_its_topic(facts: Facts) -> None:
    group = facts.entity(
        CIS.WorkingGroup,
        "Working group on irregular movements and asylum of the Ministerial Conference",
    )
    conference = facts.event("Ministerial Conference", "2003").iri
    assert facts.objects(group, CIS.partOf) == {conference}
    assert THEME["asylum"] in facts.objects(group, CIS.theme)


def test_working_groups_of_ngos_are_not_meeting_working_groups(facts: Facts) -> None:
    assert len(facts.labels(CIS.WorkingGroup)) == 4


# -- CQ6: secretariats ------------------------------------------------------------------


def test_cq6_icmpd_serves_as_secretariat_of_the_budapest_process(facts: Facts) -> None:
    assert facts.objects(BUDAPEST, CIS.secretariat) == {ICMPD}


def test_cq6_the_soderkoping_secretariat_sits_at_the_unhcr_office_in_kyiv(facts: Facts) -> None:
    body = facts.entity(CIS.Organization, "Secretariat of the Söderköping Process")
    assert facts.objects(SODERKOPING, CIS.secretariat) == {body}
    assert facts.objects(body, CIS.hostedBy) == {UNHCR}
    assert facts.objects(body, CIS.basedIn) == {_iri("place/kyiv")}
    # established March 2003: kept as written (an organisation has no cis:startDate)
    assert facts.objects(body, CIS.dateText) == {Literal("March 2003")}
    # "It is funded by the European Union and receives logistical support from UNHCR"
    # (para 50) and the European Commission's contract for its administration (para 54)
    assert facts.objects(body, CIS.fundedBy) == {EU, EC}
    paras = {
        f.evidence.para for f in facts.x.facts if f.subject == body and f.predicate == CIS.fundedBy
    }
    assert paras == {"50", "54"}


# -- CQ3: who takes part in the Söderköping Process --------------------------------------


def test_cq3_ten_countries_take_part_in_the_soderkoping_process(facts: Facts) -> None:
    ten = {STATE[c] for c in "blr mda ukr est hun lva ltu pol rou svk".split()}
    participants = facts.objects(SODERKOPING, CIS.participant)
    assert {p for p in participants if "/state/" in p} == ten
    beneficiaries = [g for g in facts.x.groups if g.label == "the three main beneficiaries"]
    assert beneficiaries and beneficiaries[0].kind == CIS.StateGroup
    assert beneficiaries[0].iri in participants


# -- CQ9: processes related to the 1996 Geneva Conference process -------------------------


def test_cq9_spin_off_and_cooperation(facts: Facts) -> None:
    assert facts.has(SODERKOPING, CIS.spinOffOf, GENEVA)
    for process in (ISSYK_KUL, BUDAPEST):
        assert facts.objects(process, CIS.relatedTo) == {GENEVA, SODERKOPING}
    # "contacts among regional processes, notably the Bali and Söderköping processes, and
    # the activities succeeding the 1996 Geneva Conference process"
    assert facts.objects(BALI, CIS.relatedTo) == {GENEVA}
    assert facts.has(SODERKOPING, CIS.relatedTo, GENEVA)


def test_cq9_proposed_successor_and_its_working_name(facts: Facts) -> None:
    name = "Framework for Euro-Asian Cooperation on Migration, Asylum and Displacement"
    successor = facts.entity(CIS.Process, name)
    assert facts.objects(successor, CIS.proposedSuccessorOf) == {GENEVA}
    evidence = next(f.evidence.text for f in facts.x.facts if f.subject == successor)
    assert evidence.startswith("replacing the process with a new arrangement")


def test_process_dates_are_kept_as_written(facts: Facts) -> None:
    assert facts.objects(BUDAPEST, CIS.dateText) == {Literal("the early 1990s")}
    assert not facts.objects(BUDAPEST, CIS.startDate)


# -- CQ10: who funds what ---------------------------------------------------------------


def test_cq10_the_european_commission_co_financed_icmpds_project(facts: Facts) -> None:
    project = facts.entity(
        CIS.Project, "Project on the redirection of the Budapest Process towards the CIS region"
    )
    assert str(project).startswith(ID + "project/")
    assert facts.objects(project, CIS.fundedBy) == {EC}
    assert facts.objects(project, CIS.partOf) == {BUDAPEST}
    assert facts.objects(project, CIS.startDate) == {
        Literal("2004", datatype=URIRef(XSD_ + "gYear"))
    }
    assert facts.objects(project, CIS.implementedBy) == {ICMPD}


def test_cq10_the_contract_for_the_soderkoping_process(facts: Facts) -> None:
    project = facts.entity(
        CIS.Project,
        "Continuation of the Söderköping Process and the administration of its secretariat",
    )
    assert facts.objects(project, CIS.fundedBy) == {EC}
    assert facts.objects(project, CIS.partOf) == {SODERKOPING}
    assert facts.objects(project, CIS.startDate) == {
        Literal("2004-05-01", datatype=URIRef(XSD_ + "date"))
    }
    assert facts.objects(project, CIS.endDate) == {
        Literal("2005-10-31", datatype=URIRef(XSD_ + "date"))
    }
    signing = [e for e in facts.x.events if e.kind == CIS.ContractSigning]
    assert len(signing) == 1
    assert facts.objects(signing[0].iri, CIS.partOf) == {project}


def test_cq10_funders(facts: Facts) -> None:
    funders = {f.object for f in facts.x.facts if f.predicate == CIS.fundedBy}
    assert {EC, EU, _iri("org/austrian-government")} <= funders


def test_cq11_a_meeting_dated_before_its_project_is_kept_as_written(facts: Facts) -> None:
    project = facts.entity(
        CIS.Project, "Project on the redirection of the Budapest Process towards the CIS region"
    )
    meetings = facts.subjects(CIS.partOf, project)
    dated = {e.start.lexical for e in facts.x.events if e.iri in meetings}
    assert dated == {"1994-10", "2005-04", "2005-05", "2005-06"}
    assert facts.objects(project, CIS.startDate) == {
        Literal("2004", datatype=URIRef(XSD_ + "gYear"))
    }


# -- new bodies -------------------------------------------------------------------------


def test_bodies_and_programmes_the_reference_layer_does_not_know(facts: Facts) -> None:
    assert "AENEAS programme" in facts.labels(CIS.Project)
    assert "Budapest Group of Senior Officials" in facts.labels(CIS.Organization)
    everything = {e.label for e in facts.x.entities}
    assert not any("Programme of Action" in label for label in everything)
    assert not any(
        label.endswith(("Söderköping Process", "Budapest Process"))
        for label in everything
        if not label.startswith(("Secretariat", "Project", "Continuation"))
    )


# -- citations and themes ---------------------------------------------------------------


def test_citations_of_symbols_and_resolutions(facts: Facts, report) -> None:
    from ciskg import iris
    from ciskg.rdfize import document_iri

    def para(n: str) -> URIRef:
        return iris.paragraph(report.slug, n)

    cites = {(f.subject, f.object) for f in facts.x.facts if f.predicate == CIS.cites}
    expected = {
        "1": "doc/a-58-281",
        "39": "doc/e-cn-4-1998-53-add-2",
        "summary": "doc/a-res-58-154",
        "64": "doc/a-res-49-173",
    }
    for n, doc in expected.items():
        assert (para(n), _iri(doc)) in cites
        assert (document_iri(report), _iri(doc)) in cites
    assert len({o for s, o in cites}) == 4
    assert not facts.labels(CIS.Document)  # all four are known to the reference layer


def test_paragraph_themes_need_their_own_words(facts: Facts, report) -> None:
    from ciskg import iris

    def themes(n: str) -> set:
        return facts.objects(iris.paragraph(report.slug, n), CIS.theme)

    assert {THEME["statelessness"]} <= themes("33")
    assert {THEME["asylum"], THEME["migration-management"]} <= themes("9")
    # "High Commissioner for Refugees" and "… Returnees in the Countries of …" are names
    assert THEME["asylum"] not in themes("summary")
    assert _iri("theme/return-and-reintegration") not in themes("summary")
    assert not themes("15")  # "civil liberty and … State security": no theme's words


# -- every fact is grounded -------------------------------------------------------------


def _check_evidence(extraction: Extraction, report) -> None:
    texts = {p.key: p.text for p in report.units()}
    for f in extraction.facts:
        ev = f.evidence
        assert ev.text, f
        assert texts[ev.para][ev.start : ev.start + len(ev.text)] == ev.text, f
    for e in extraction.entities:
        ev = e.evidence
        assert texts[ev.para][ev.start : ev.start + len(ev.text)] == ev.text, e


def test_every_fact_has_verbatim_evidence_in_its_paragraph(real, report) -> None:
    _check_evidence(real, report)


def test_facts_become_triples_with_typed_literals_and_reified_evidence(
    real, report, lexicon
) -> None:
    from ciskg.rdfize_extract import extraction_triples

    g = extraction_triples(report, real, lexicon.labels)
    projects = list(g.subjects(RDF.type, CIS.Project))
    dates = {d for p in projects for d in g.objects(p, CIS.startDate)}
    assert Literal("2004", datatype=URIRef(XSD_ + "gYear")) in dates
    records = list(g.subjects(RDF.predicate, CIS.proposedSuccessorOf))
    assert records and all(g.value(r, CIS.evidence) for r in records)


# -- a second report of the genre -------------------------------------------------------

SECOND = """# General Assembly

A/63/777

Distr.: General
2 September 2008

Original: English

---

## Sixty-third session

Item 40 of the provisional agenda\\*

**Report of the United Nations High Commissioner for Refugees, questions relating to \
refugees, returnees and displaced persons and humanitarian questions**

### **Regional cooperation on refugee protection and migration in the Caspian region**

#### **Report of the Secretary-General**

#### *Summary*

The present report is submitted pursuant to General Assembly resolutions 61/137 and \
62/124 and updates the previous report of the Secretary-General (A/62/321).

## I. The Caspian Dialogue

1. The Caspian Dialogue, a subregional spin-off of the Budapest Process, was established \
in the mid-1990s. UNHCR and OSCE, the lead agencies of the Caspian Dialogue, reported on its \
work to the Human Rights Council, as requested in Human Rights Council resolution 10/15.

2. A secretariat for the Caspian Dialogue was set up in June 2006 at the IOM office in \
Baku to support the participating States. It is financed by the Government of Switzerland \
and receives in-kind support from OSCE. ICMPD, which serves as secretariat to the Prague \
Process, shared its experience with the secretariat.

3. In 2007 the Council of Europe launched a project on statelessness in the Caspian \
Dialogue, which was co-financed by the European Commission. The project included two expert \
meetings, held in Ashgabat in March 2008 and in Aktau in May 2008.

4. On 15 January 2008, a contract was signed between the Government of Sweden and UNHCR \
for the support of the Caspian Dialogue and the running of its secretariat, covering the \
period from 1 February 2008 to 31 January 2010. The project aims to strengthen cooperation \
between Azerbaijan, Kazakhstan and Turkmenistan and the neighbouring countries of Armenia \
and Georgia by providing training to border guards.

5. Both the Caspian Dialogue and the Prague Process have recognized the value of enhanced \
coordination with the Bali Process and the Budapest Process. Kazakhstan and Turkmenistan \
have taken part in the round tables held within the framework of the Caspian Dialogue.

## II. Review meeting

6. The Regional Review Meeting was held in Baku from 10 to 12 March 2008. Two working \
groups were established. The first working group, co-chaired by UNHCR and Azerbaijan, \
dealt with statelessness and documentation; the second working group, chaired by IOM, \
focused on labour migration.

7. Participants affirmed the desirability of replacing the Caspian Dialogue with a broader \
arrangement. It was agreed that the working title for the new arrangement would be \
"Caspian Platform for Mobility and Protection". The participants recalled the Guiding \
Principles on Internal Displacement (E/CN.4/1998/53/Add.2) and General Assembly \
resolution 58/154.
"""


@pytest.fixture(scope="module")
def second_report():
    return parse_report(SECOND, "second.txt")


@pytest.fixture(scope="module")
def second(second_report, lexicon) -> Facts:
    return Facts(_run(second_report, lexicon))


def test_second_report_new_processes_and_their_relations(second: Facts) -> None:
    caspian = second.entity(CIS.Process, "Caspian Dialogue")
    prague = second.entity(CIS.Process, "Prague Process")
    assert second.has(caspian, CIS.spinOffOf, BUDAPEST)
    assert second.objects(caspian, CIS.dateText) == {Literal("the mid-1990s")}
    assert second.objects(caspian, CIS.leadAgency) == {UNHCR, OSCE}
    assert second.objects(caspian, CIS.relatedTo) == {BALI, BUDAPEST}
    assert second.objects(prague, CIS.relatedTo) == {BALI, BUDAPEST}
    assert second.objects(prague, CIS.secretariat) == {ICMPD}
    successor = second.entity(CIS.Process, "Caspian Platform for Mobility and Protection")
    assert second.objects(successor, CIS.proposedSuccessorOf) == {caspian}


def test_second_report_secretariat_and_its_funders(second: Facts) -> None:
    caspian = second.entity(CIS.Process, "Caspian Dialogue")
    body = second.entity(CIS.Organization, "Secretariat of the Caspian Dialogue")
    assert second.objects(caspian, CIS.secretariat) == {body}
    assert second.objects(body, CIS.hostedBy) == {IOM}
    assert second.objects(body, CIS.basedIn) == {second.entity(CIS.Place, "Baku")}
    assert second.objects(body, CIS.dateText) == {Literal("June 2006")}
    assert second.objects(body, CIS.fundedBy) == {STATE["che"], STATE["swe"]}
    assert not second.objects(caspian, CIS.startDate)  # the secretariat's date, not the process's


def test_second_report_projects(second: Facts) -> None:
    caspian = second.entity(CIS.Process, "Caspian Dialogue")
    project = second.entity(CIS.Project, "Project on statelessness in the Caspian Dialogue")
    assert second.objects(project, CIS.fundedBy) == {EC}
    assert second.objects(project, CIS.implementedBy) == {COE}
    assert second.objects(project, CIS.startDate) == {
        Literal("2007", datatype=URIRef(XSD_ + "gYear"))
    }
    assert second.objects(project, CIS.partOf) == {caspian}
    meetings = {e.iri for e in second.x.events if e.label == "Expert meeting"}
    assert len(meetings) == 2 and second.subjects(CIS.partOf, project) == meetings

    contract = second.entity(
        CIS.Project, "Support of the Caspian Dialogue and the running of its secretariat"
    )
    assert second.objects(contract, CIS.fundedBy) == {STATE["swe"]}
    assert second.objects(contract, CIS.partOf) == {caspian}
    assert second.objects(contract, CIS.startDate) == {
        Literal("2008-02-01", datatype=URIRef(XSD_ + "date"))
    }
    assert second.objects(contract, CIS.endDate) == {
        Literal("2010-01-31", datatype=URIRef(XSD_ + "date"))
    }
    signing = [e.iri for e in second.x.events if e.kind == CIS.ContractSigning]
    assert signing and second.objects(signing[0], CIS.partOf) == {contract}


def test_second_report_participants(second: Facts) -> None:
    caspian = second.entity(CIS.Process, "Caspian Dialogue")
    expected = {STATE[c] for c in ("aze", "kaz", "tkm", "arm", "geo")}
    assert second.objects(caspian, CIS.participant) == expected


def test_second_report_working_groups(second: Facts) -> None:
    meeting = second.event("Regional Review Meeting", "2008-03-10").iri
    first = second.entity(CIS.WorkingGroup, "First working group of the Regional Review Meeting")
    assert second.objects(first, CIS.partOf) == {meeting}
    assert second.objects(first, CIS.coChair) == {UNHCR, STATE["aze"]}
    assert second.objects(first, CIS.theme) == {THEME["statelessness"], THEME["documentation"]}
    two = second.entity(CIS.WorkingGroup, "Second working group of the Regional Review Meeting")
    assert second.objects(two, CIS.chair) == {IOM}
    assert second.objects(two, CIS.theme) == {THEME["labour-migration"]}


def test_second_report_citations_and_themes(second: Facts, second_report) -> None:
    from ciskg import iris
    from ciskg.rdfize import document_iri

    cited = second.objects(document_iri(second_report), CIS.cites)
    assert cited == {
        _iri("doc/a-res-61-137"),
        _iri("doc/a-res-62-124"),
        _iri("doc/a-62-321"),
        _iri("doc/e-cn-4-1998-53-add-2"),
        _iri("doc/a-res-58-154"),
    }  # not the Human Rights Council's resolution 10/15
    assert second.labels(CIS.Document) == {"A/RES/61/137", "A/RES/62/124", "A/62/321"}
    assert second.objects(_iri("doc/a-res-61-137"), CIS.symbol) == {Literal("A/RES/61/137")}
    para1 = second.objects(iris.paragraph(second_report.slug, "1"), CIS.theme)
    assert _iri("theme/human-rights") not in para1  # "Human Rights Council" is a name
    para3 = second.objects(iris.paragraph(second_report.slug, "3"), CIS.theme)
    assert THEME["statelessness"] in para3


def test_second_report_evidence_is_verbatim(second: Facts, second_report) -> None:
    _check_evidence(second.x, second_report)
