"""The SHACL shapes and the query checks on the built graph.

- The built graph conforms; the CQ11 anomaly (a meeting dated before the project it belongs
  to) comes out as a Warning with its message.
- Every Violation-level constraint of `shapes/ciskg.shacl.ttl` has a case below that breaks
  the real built data in that one way: the node it breaks gets exactly that one Violation,
  with the constraint's message, and no other node gets any. The cases break distinct nodes
  of one copy of the graph, so one validation run serves them all.
- Every query check (`queries/checks/*-violation.rq`, globbed) returns no row on the built
  graph and finds a problem planted for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS
from rdflib.namespace import XSD as _XSD

from ciskg.checks import read_checks, run_check, run_checks
from ciskg.namespaces import (
    CIS,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    ID,
    sparql_prologue,
)
from ciskg.rdfio import read_graph
from ciskg.validate import union_graph, validate

ROOT = Path(__file__).resolve().parents[1]
SHAPES = "https://w3id.org/ciskg/shapes#"
GENEVA = ID["place/geneva"]
UNHCR = ID["org/unhcr"]
ARMENIA = ID["state/arm"]
ACCEDE = ID["action/accede"]
# (rdflib's XSD namespace warns when pytest looks for fixtures in a module that holds it)
DATE, GYEAR, GYEARMONTH, LONG = _XSD.date, _XSD.gYear, _XSD.gYearMonth, _XSD.long
del _XSD


@pytest.fixture(scope="module")
def shapes(project) -> Graph:
    return read_graph(project.shapes)


@pytest.fixture(scope="module")
def ontology(built) -> Graph:
    return built.dataset.graph(GRAPH_ONTOLOGY)


@pytest.fixture(scope="module")
def report(built, shapes, ontology):
    return validate(built.dataset, shapes, ontology)


# ---------------------------------------------------------------------------------------------
# The built graph
# ---------------------------------------------------------------------------------------------


def test_the_built_graph_conforms(report):
    assert report.conforms, "\n".join(f"{r.focus} {r.message}" for r in report.violations)
    assert report.results, "the shapes found nothing at all: are they loaded?"


def test_the_cq11_anomaly_is_a_warning(report):
    meeting = ID["event/subregional-meeting-1994-10-st-petersburg"]
    found = [r for r in report.results if r.focus == meeting]
    assert [(r.severity, r.shape) for r in found] == [
        ("Warning", SHAPES + "DatedBeforeItsWholeShape")
    ]
    assert found[0].message == (
        'Dated 1994-10, before "Project on the redirection of the Budapest Process towards the '
        'CIS region" which it is part of began (2004).'
    )
    assert str(found[0].paragraph).endswith("/para/46")


def test_the_build_lists_the_warnings(built):
    assert any(
        w.startswith("id:event/subregional-meeting-1994-10-st-petersburg: Dated 1994-10, before")
        and w.endswith("[A/60/item-42/2005-08-19, para. 46]")
        for w in built.warnings
    ), built.warnings


def test_validation_of_the_built_graph_is_fast(report):
    assert report.seconds < 10, report.seconds


def test_every_class_the_data_uses_is_the_target_of_a_node_shape(built, shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    used = {
        o
        for s, p, o, g in built.dataset.quads((None, RDF.type, None, None))
        if getattr(g, "identifier", g) not in (GRAPH_ONTOLOGY, GRAPH_INFERRED)
    }
    assert used, "no typed node in the data"
    assert used <= targets, sorted(str(c) for c in used - targets)


def test_every_evidence_occurs_verbatim_in_its_paragraph(built):
    """Independent of SHACL: the provenance promise of the extractor, checked in Python."""
    ds = union_graph(built.dataset)
    checked = 0
    for node, evidence in ds.subject_objects(CIS.evidence):
        paragraphs = set(ds.objects(node, PROV.wasDerivedFrom))
        assert paragraphs, node
        texts = [str(ds.value(p, CIS.text)) for p in paragraphs]
        assert any(str(evidence) in text for text in texts), (node, str(evidence))
        checked += 1
    assert checked > 500


# ---------------------------------------------------------------------------------------------
# One case per Violation-level constraint (and a few Warnings): break the data in one way
# ---------------------------------------------------------------------------------------------

Mutation = Callable[[Graph, URIRef], None]


@dataclass(frozen=True)
class Case:
    id: str
    shape: str  # local name of the node shape in the shapes file
    message: str  # a part of the expected message
    pick: str | None  # a SPARQL pattern binding ?focus on the built graph, or None for `new`
    mutate: Mutation
    severity: str = "Violation"
    new: URIRef | None = None  # the focus is a new node that `mutate` makes
    renamed_to: URIRef | BNode | None = None  # the focus after `mutate` renamed it


def values(g: Graph, s, p) -> list:
    return list(g.objects(s, p))


def replace(p, *objects) -> Mutation:
    def run(g: Graph, s) -> None:
        g.remove((s, p, None))
        for o in objects:
            g.add((s, p, o))

    return run


def add(p, *objects) -> Mutation:
    def run(g: Graph, s) -> None:
        for o in objects:
            g.add((s, p, o))

    return run


def remove(*predicates) -> Mutation:
    def run(g: Graph, s) -> None:
        for p in predicates:
            g.remove((s, p, None))

    return run


def remove_fact(p) -> Mutation:
    """Remove the focus's values of `p` and the records of where they were read."""

    def run(g: Graph, s) -> None:
        g.remove((s, p, None))
        for record in set(g.subjects(RDF.subject, s)):
            if g.value(record, RDF.predicate) == p:
                g.remove((record, None, None))

    return run


def both(*mutations: Mutation) -> Mutation:
    def run(g: Graph, s) -> None:
        for m in mutations:
            m(g, s)

    return run


def rename(new: URIRef | BNode) -> Mutation:
    def run(g: Graph, old) -> None:
        for s, p, o in list(g):
            if old in (s, o):
                g.remove((s, p, o))
                g.add((new if s == old else s, p, new if o == old else o))

    return run


def change(p, how: Callable[[Literal], Literal]) -> Mutation:
    def run(g: Graph, s) -> None:
        old = g.value(s, p)
        g.remove((s, p, None))
        g.add((s, p, how(old)))

    return run


def new_node(cls: URIRef, *more: tuple[URIRef, object]) -> Mutation:
    """A node of class `cls` with an English label (the mutation adds `more` to it)."""

    def run(g: Graph, s) -> None:
        g.add((s, RDF.type, cls))
        g.add((s, RDFS.label, Literal("made by a test", lang="en")))
        for p, o in more:
            g.add((s, p, o))

    return run


def new_extracted(cls: URIRef, *more: tuple[URIRef, object]) -> Mutation:
    """A new node the extractor could have made: read in paragraph 1, with true evidence."""

    def run(g: Graph, s) -> None:
        paragraph = next(iter(g.subjects(CIS.paragraphNumber, Literal(1))))
        text = str(g.value(paragraph, CIS.text))
        new_node(cls, (PROV.wasDerivedFrom, paragraph), (CIS.evidence, Literal(text[:40])))(g, s)
        for p, o in more:
            g.add((s, p, o))

    return run


STATE_WITH_ALPHA2 = "?focus a cis:State ; cis:iso3166Alpha2 ?code ; cis:iso3166Numeric ?n ."
EVENT_WITHOUT_END = (
    "?focus a cis:Event ; cis:startDate ?d . FILTER NOT EXISTS { ?focus cis:endDate ?e }"
)
TREATY_ACTIONS = (
    "?focus cis:action ?a ; cis:instrument ?i . "
    "FILTER (?a IN (action:accede, action:ratify, action:sign, action:sign-and-ratify, "
    "action:consider-acceding))"
)
TEST = Namespace(ID + "test/")

CASES = [
    # Warnings: what looks wrong
    Case("treaty-action-before-adoption", "TreatyActionBeforeAdoptionShape",
         "before its instrument was adopted", "?focus a cis:TreatyAction .",
         replace(CIS.date, Literal("1900-01-01", datatype=DATE)), severity="Warning"),
    Case("event-before-its-process", "DatedBeforeItsWholeShape",
         "which it is part of began",
         "?focus a cis:Event ; cis:partOf process:soderkoping-process . FILTER NOT EXISTS "
         "{ ?focus cis:partOf ?other FILTER (?other != process:soderkoping-process) }",
         replace(CIS.startDate, Literal("1999", datatype=GYEAR)), severity="Warning"),
    Case("event-after-its-project", "DatedBeforeItsWholeShape",
         "which it is part of ended", "?focus a cis:Event ; cis:partOf/cis:endDate ?end .",
         replace(CIS.startDate, Literal("2006-01", datatype=GYEARMONTH)), severity="Warning"),
    Case("state-group-unresolved", "UnresolvedStateGroupShape", "no reference data resolved",
         "?focus a cis:StateGroup ; cis:criterion ?c ; cis:hasMember ?m .",
         remove(CIS.hasMember), severity="Warning"),
    # every thing: an IRI, an English label
    Case("blank-node", "NamedThingShape", "named by an IRI, never by a blank node",
         "?focus a cis:Section .", rename(BNode("renamed-section")),
         renamed_to=BNode("renamed-section")),
    Case("no-english-label", "LabelledShape", "needs an English rdfs:label",
         "?focus a cis:Place .", replace(RDFS.label, Literal("Место", lang="ru"))),
    # provenance of extracted nodes
    Case("evidence-not-in-paragraph", "ExtractedShape", "does not occur verbatim",
         "?focus a cis:Statement .",
         replace(CIS.evidence, Literal("words the report never wrote"))),
    Case("no-evidence", "ExtractedShape", "needs cis:evidence",
         "?focus a cis:Mention .", remove(CIS.evidence)),
    Case("empty-evidence", "ExtractedShape", "non-empty plain string",
         "?focus a cis:WorkingGroup .", replace(CIS.evidence, Literal(""))),
    Case("no-paragraph", "ExtractedShape", "needs prov:wasDerivedFrom",
         "?focus a cis:ActorGroup .", remove(PROV.wasDerivedFrom)),
    Case("derived-from-a-document", "ExtractedShape", "must be a cis:Paragraph or cis:Footnote",
         "?focus a cis:Project .",
         replace(PROV.wasDerivedFrom, ID["doc/a-58-281"])),
    # actors
    Case("state-iri", "StateShape", "alpha-3 code in lower case",
         "?focus a cis:State ; cis:iso3166Alpha3 ?c . FILTER (?focus != state:arm)",
         rename(TEST["state/somewhere"]), renamed_to=TEST["state/somewhere"]),
    Case("alpha2-lower-case", "StateShape", "ISO 3166-1 alpha-2 code",
         STATE_WITH_ALPHA2, change(CIS.iso3166Alpha2, lambda v: Literal(str(v).lower()))),
    Case("no-alpha3", "StateShape", "ISO 3166-1 alpha-3 code",
         "?focus a cis:State .", remove(CIS.iso3166Alpha3)),
    Case("numeric-two-digits", "StateShape", "string of three digits",
         STATE_WITH_ALPHA2, replace(CIS.iso3166Numeric, Literal("51"))),
    Case("member-of-a-place", "StateShape", "member of an actor",
         "?focus a cis:State .", add(CIS.memberOf, GENEVA)),
    Case("org-member-a-place", "OrganizationShape", "members of an organisation are actors",
         "?focus a cis:Organization .", add(CIS.hasMember, GENEVA)),
    Case("org-based-in-a-state", "OrganizationShape", "cis:basedIn must name a cis:Place",
         "?focus a cis:Organization .", add(CIS.basedIn, ARMENIA)),
    Case("org-hosted-by-a-state", "OrganizationShape", "cis:hostedBy must name",
         "?focus a cis:Organization .", add(CIS.hostedBy, ARMENIA)),
    Case("org-funded-by-a-place", "OrganizationShape", "What funds something is an actor",
         "?focus a cis:Organization .", add(CIS.fundedBy, GENEVA)),
    Case("org-curated-not-boolean", "OrganizationShape", "cis:curated is one xsd:boolean",
         "?focus a cis:Organization .", replace(CIS.curated, Literal("yes"))),
    Case("group-drawn-from-a-place", "ActorGroupShape", "drawn from an organisation's members",
         "?focus a cis:ActorGroup .", add(CIS.drawnFrom, GENEVA)),
    Case("group-excludes-a-place", "ActorGroupShape", "cis:excludes must name an actor",
         "?focus a cis:ActorGroup .", add(CIS.excludes, GENEVA)),
    Case("group-criterion-a-place", "ActorGroupShape", "cis:criterion must be a cis:GroupCriterion",
         "?focus a cis:ActorGroup .", add(CIS.criterion, GENEVA)),
    Case("state-group-member-an-org", "StateGroupShape", "members of a group of states are states",
         "?focus a cis:StateGroup ; cis:hasMember ?m .", add(CIS.hasMember, UNHCR)),
    # instruments and treaty participation
    Case("adoption-date-words", "InstrumentShape", "at most one adoption date",
         "?focus a cis:SoftLawInstrument ; cis:adoptionDate ?d .",
         replace(CIS.adoptionDate, Literal("May 1996"))),
    Case("instrument-without-source", "InstrumentShape", "needs dcterms:source",
         "?focus a cis:Convention .", remove(DCTERMS.source)),
    Case("treaty-without-adoption-date", "TreatyShape", "needs its adoption date",
         "?focus a cis:Convention .", remove(CIS.adoptionDate)),
    Case("protocol-to-a-protocol", "ProtocolShape", "names the one convention",
         "?focus a cis:Protocol ; cis:protocolTo ?c .",
         replace(CIS.protocolTo, ID["instrument/refugee-protocol-1967"])),
    Case("treaty-action-state-a-place", "TreatyActionShape", "exactly one cis:state",
         "?focus a cis:TreatyAction .", replace(CIS.state, GENEVA)),
    Case("treaty-action-without-instrument", "TreatyActionShape", "exactly one cis:instrument",
         "?focus a cis:TreatyAction .", remove(CIS.instrument)),
    Case("treaty-action-type-an-action", "TreatyActionShape", "exactly one cis:actionType",
         "?focus a cis:TreatyAction .", replace(CIS.actionType, ACCEDE)),
    Case("treaty-action-year", "TreatyActionShape", "exactly one cis:date, an xsd:date",
         "?focus a cis:TreatyAction .",
         replace(CIS.date, Literal("2003", datatype=GYEAR))),
    Case("treaty-action-without-source", "TreatyActionShape", "needs dcterms:source",
         "?focus a cis:TreatyAction .", remove(DCTERMS.source)),
    Case("non-participation-state-a-place", "NonParticipationShape", "exactly one cis:state",
         "?focus a cis:NonParticipation .", replace(CIS.state, GENEVA)),
    Case("non-participation-without-instrument", "NonParticipationShape",
         "exactly one cis:instrument", "?focus a cis:NonParticipation .",
         remove(CIS.instrument)),
    Case("non-participation-year", "NonParticipationShape", "exactly one cis:asOf",
         "?focus a cis:NonParticipation .",
         replace(CIS.asOf, Literal("2014", datatype=GYEAR))),
    Case("non-participation-source-a-string", "NonParticipationShape", "needs dcterms:source",
         "?focus a cis:NonParticipation .",
         replace(DCTERMS.source, Literal("https://example.org/untreaties"))),
    # processes, projects, events, working groups, places
    Case("process-start-words", "ProcessShape", "at most one start date",
         "?focus a cis:Process .", replace(CIS.startDate, Literal("the early 1990s"))),
    Case("process-two-end-dates", "ProcessShape", "at most one end date",
         "?focus a cis:Process .",
         replace(CIS.endDate, Literal("2005", datatype=GYEAR),
                 Literal("2006", datatype=GYEAR))),
    Case("process-lead-agency-a-state", "ProcessShape", "lead agency of a process",
         "?focus a cis:Process .", add(CIS.leadAgency, ARMENIA)),
    Case("process-secretariat-a-place", "ProcessShape", "secretariat of a process",
         "?focus a cis:Process .", add(CIS.secretariat, GENEVA)),
    Case("process-participant-a-place", "ProcessShape", "participants of a process are actors",
         "?focus a cis:Process .", add(CIS.participant, GENEVA)),
    Case("process-related-to-an-org", "ProcessShape", "relates a process to another process",
         "?focus a cis:Process .", add(CIS.relatedTo, UNHCR)),
    Case("project-start-words", "ProjectShape", "at most one start date", None,
         new_extracted(CIS.Project, (CIS.startDate, Literal("early 2004"))),
         new=TEST["project/start-words"]),
    Case("project-two-end-dates", "ProjectShape", "at most one end date", None,
         new_extracted(CIS.Project, (CIS.endDate, Literal("2005", datatype=GYEAR)),
                       (CIS.endDate, Literal("2006", datatype=GYEAR))),
         new=TEST["project/two-end-dates"]),
    Case("project-part-of-a-place", "ProjectShape", "project is part of a process", None,
         new_extracted(CIS.Project, (CIS.partOf, GENEVA)), new=TEST["project/part-of-a-place"]),
    Case("project-funded-by-a-place", "ProjectShape", "What funds a project is an actor", None,
         new_extracted(CIS.Project, (CIS.fundedBy, GENEVA)), new=TEST["project/funded-by"]),
    Case("event-ends-before-it-starts", "EventShape", "before it starts",
         "?focus a cis:Event ; cis:endDate ?e .",
         replace(CIS.endDate, Literal("2000-01-01", datatype=DATE))),
    Case("event-without-start-date", "EventShape", "An event needs a start date",
         "?focus a cis:Event .", remove(CIS.startDate)),
    Case("event-start-words", "EventShape", "An event has one start date",
         EVENT_WITHOUT_END, replace(CIS.startDate, Literal("sometime in 2004"))),
    Case("event-end-words", "EventShape", "at most one end date",
         EVENT_WITHOUT_END, add(CIS.endDate, Literal("late 2004"))),
    Case("event-two-date-texts", "EventShape", "cis:dateText is one plain string",
         "?focus a cis:Event .", add(CIS.dateText, Literal("another day"))),
    Case("event-location-a-state", "EventShape", "location of an event is a cis:Place",
         "?focus a cis:Event .", add(CIS.location, ARMENIA)),
    Case("event-country-a-place", "EventShape", "cis:country of an event is a cis:State",
         "?focus a cis:Event .", add(CIS.country, GENEVA)),
    Case("event-part-of-a-place", "EventShape", "An event is part of a process",
         "?focus a cis:Event .", add(CIS.partOf, GENEVA)),
    Case("event-organizer-a-place", "EventShape", "organisers, hosts, sponsors",
         "?focus a cis:Event .", add(CIS.organizer, GENEVA)),
    Case("working-group-part-of-nothing", "WorkingGroupShape", "working group is part of",
         "?focus a cis:WorkingGroup .", remove_fact(CIS.partOf)),
    Case("working-group-chair-a-place", "WorkingGroupShape", "Chairs, organisers, hosts",
         "?focus a cis:WorkingGroup .", add(CIS.chair, GENEVA)),
    Case("place-in-an-org", "PlaceShape", "lies in at most one country",
         "?focus a cis:Place ; cis:inCountry ?c .", replace(CIS.inCountry, UNHCR)),
    # documents and the text
    Case("document-date-a-year", "DocumentShape", "date of a document is one xsd:date",
         "?focus a cis:Document ; dcterms:date ?d .",
         replace(DCTERMS.date, Literal("2005", datatype=GYEAR))),
    Case("document-symbol-spaces", "DocumentShape", "A UN document symbol",
         "?focus a cis:Document ; cis:symbol ?s .", replace(CIS.symbol, Literal("A 58 281"))),
    Case("document-cites-a-place", "DocumentShape", "A document cites documents",
         "?focus a cis:Document .", add(CIS.cites, GENEVA)),
    Case("document-session-words", "DocumentShape", "at most one session number",
         "?focus a cis:Document .", replace(CIS.sessionNumber, Literal("sixtieth"))),
    Case("document-two-agenda-items", "DocumentShape", "at most one agenda item",
         "?focus a cis:Document .", replace(CIS.agendaItem, Literal(42), Literal(43))),
    Case("section-without-document", "SectionShape", "section belongs to exactly one document",
         "?focus a cis:Section .", remove(CIS.inDocument)),
    Case("section-number-integer", "SectionShape", "at most one number, a string",
         "?focus a cis:Section .", replace(CIS.sectionNumber, Literal(2))),
    Case("paragraph-in-two-documents", "ParagraphShape", "paragraph belongs to exactly one",
         "?focus a cis:Paragraph .", add(CIS.inDocument, ID["doc/a-58-281"])),
    Case("paragraph-empty-text", "ParagraphShape", "exactly one cis:text, a non-empty string",
         None, new_node(CIS.Paragraph, (CIS.text, Literal("")),
                        (CIS.inDocument, ID["doc/a-58-281"])),
         new=TEST["doc/a-58-281/para/1"]),
    Case("paragraph-number-zero", "ParagraphShape", "a positive integer",
         "?focus a cis:Paragraph ; cis:paragraphNumber ?n .",
         replace(CIS.paragraphNumber, Literal(0))),
    Case("paragraph-in-a-place", "ParagraphShape", "at most one section, a cis:Section",
         "?focus a cis:Paragraph ; cis:inSection ?s .", replace(CIS.inSection, GENEVA)),
    Case("paragraph-mentions-a-string", "ParagraphShape", "named by an IRI",
         "?focus a cis:Paragraph .", add(CIS.mentions, Literal("UNHCR"))),
    Case("paragraph-cites-a-place", "ParagraphShape", "A paragraph cites documents",
         "?focus a cis:Paragraph .", add(CIS.cites, GENEVA)),
    Case("footnote-without-document", "FootnoteShape", "footnote belongs to exactly one",
         "?focus a cis:Footnote .", remove(CIS.inDocument)),
    Case("footnote-without-text", "FootnoteShape", "footnote has exactly one cis:text", None,
         new_node(CIS.Footnote, (CIS.inDocument, ID["doc/a-58-281"])),
         new=TEST["doc/a-58-281/note/1"]),
    Case("mention-anchor-elsewhere", "MentionShape", "is not the text of the paragraph",
         "?focus a cis:Mention .", replace(CIS.anchorText, Literal("Nowhere"))),
    Case("mention-without-paragraph", "MentionShape", "lies in exactly one paragraph",
         "?focus a cis:Mention .", remove(CIS.inParagraph)),
    Case("mention-refers-to-a-string", "MentionShape", "refers to exactly one thing",
         "?focus a cis:Mention .", replace(CIS.refersTo, Literal("UNHCR"))),
    Case("mention-empty-span", "MentionShape", "before its end offset",
         "?focus a cis:Mention .",
         both(lambda g, s: replace(CIS.start, g.value(s, CIS.end))(g, s),
              replace(CIS.anchorText, Literal("")))),
    Case("mention-end-a-long", "MentionShape", "one end offset, an integer",
         "?focus a cis:Mention .",
         change(CIS.end, lambda v: Literal(int(v), datatype=LONG))),
    Case("mention-anchor-tagged", "MentionShape", "exactly one cis:anchorText, a string",
         "?focus a cis:Mention .", change(CIS.anchorText, lambda v: Literal(str(v), lang="en"))),
    # statements and the facts they record
    Case("accede-to-nothing", "StatementOnInstrumentShape", "names no instrument",
         TREATY_ACTIONS, remove(CIS.instrument)),
    Case("instrument-without-action", "StatementOnInstrumentShape", "not what it asks or promises",
         "?focus cis:action ?a ; cis:instrument ?i .", remove(CIS.action)),
    Case("agent-a-place", "StatementShape", "agent and the addressee of a statement are actors",
         "?focus a cis:Statement .", add(CIS.agent, GENEVA)),
    Case("two-actions", "StatementShape", "at most one thing, a cis:Action",
         "?focus a cis:Statement ; cis:action ?a . FILTER (?a != action:combat)",
         add(CIS.action, ID["action/combat"])),
    Case("instrument-a-place", "StatementShape", "instrument a statement concerns",
         "?focus a cis:Statement ; cis:action ?a .", add(CIS.instrument, GENEVA)),
    Case("made-at-two-events", "StatementShape", "made at no more than one event",
         "?focus a cis:Statement ; cis:madeAt ?e .", lambda g, s: add(
             CIS.madeAt, *sorted(set(g.subjects(RDF.type, CIS.Meeting)))[:2])(g, s)),
    Case("theme-an-action", "StatementShape", "themes of a statement are concepts",
         "?focus a cis:Statement .", add(CIS.theme, ACCEDE)),
    Case("recorded-fact-not-stated", "RecordedFactShape", "a fact the graph does not state",
         "?focus a rdf:Statement .", replace(RDF.object, GENEVA)),
    Case("recorded-fact-without-subject", "RecordedFactShape", "exactly one rdf:subject",
         "?focus a rdf:Statement .", remove(RDF.subject)),
    Case("recorded-fact-without-predicate", "RecordedFactShape", "exactly one rdf:predicate",
         "?focus a rdf:Statement .", remove(RDF.predicate)),
    Case("recorded-fact-without-object", "RecordedFactShape", "exactly one rdf:object",
         "?focus a rdf:Statement .", remove(RDF.object)),
    # concepts
    Case("concept-without-english-pref-label", "ConceptShape", "exactly one English skos:prefLabel",
         "?focus a cis:Theme .", replace(SKOS.prefLabel, Literal("тема", lang="ru"))),
    Case("concept-without-scheme", "ConceptShape", "belongs to a concept scheme",
         "?focus a cis:Action .", remove(SKOS.inScheme)),
    Case("treaty-action-type-without-party", "TreatyActionTypeShape", "makes a state party",
         "?focus a cis:TreatyActionType .", remove(CIS.makesParty)),
    Case("scheme-without-pref-label", "ConceptSchemeShape", "needs a skos:prefLabel",
         "?focus a skos:ConceptScheme .", remove(SKOS.prefLabel)),
]  # fmt: skip


@pytest.fixture(scope="module")
def broken(built, sparql, shapes, ontology):
    """Apply every case to one copy of the built graph, each to its own node; validate once."""
    graph = union_graph(built.dataset, ontology)
    focus: dict[str, URIRef | BNode] = {}
    used: set = set()
    for case in CASES:
        if case.new is not None:
            node = case.new
        else:
            rows = sparql(
                "PREFIX action: <https://w3id.org/ciskg/id/action/> "
                "PREFIX process: <https://w3id.org/ciskg/id/process/> "
                "PREFIX state: <https://w3id.org/ciskg/id/state/> "
                f"SELECT DISTINCT ?focus WHERE {{ {case.pick} }} ORDER BY ?focus"
            )
            free = [URIRef(r["focus"]) for r in rows if URIRef(r["focus"]) not in used]
            assert free, f"{case.id}: no node left to break ({case.pick})"
            node = free[0]
        used.add(node)
        case.mutate(graph, node)
        focus[case.id] = case.renamed_to if case.renamed_to is not None else node
    return focus, validate(graph, shapes)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_breaking_the_data_gives_that_one_result(broken, case):
    focus, report = broken
    node = focus[case.id]
    found = [r for r in report.results if r.focus == node and r.severity == case.severity]
    described = [(r.shape.rsplit("#", 1)[-1], r.constraint, r.message) for r in found]
    assert len(found) == 1, described
    assert found[0].shape == SHAPES + case.shape, described
    assert case.message in found[0].message, described


def test_no_case_breaks_anything_else(broken):
    focus, report = broken
    broken_nodes = {focus[c.id] for c in CASES}
    stray = [(str(r.focus), r.message) for r in report.violations if r.focus not in broken_nodes]
    assert not stray, stray


def test_every_violation_constraint_has_a_case(shapes):
    """Each constraint a Violation can come from (a node shape's own message, each sh:sparql,
    each property shape) is matched by a case's shape and message."""
    constraints = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(shape, URIRef) or not any(
            shapes.objects(shape, p) for p in (SH.targetClass, SH.targetSubjectsOf)
        ):
            continue
        severity = shapes.value(shape, SH.severity, default=SH.Violation)
        name = str(shape).removeprefix(SHAPES)
        if severity == SH.Violation and shapes.value(shape, SH.message) is not None:
            constraints.append((name, str(shapes.value(shape, SH.message))))
        if severity == SH.Violation:
            for sparql_constraint in shapes.objects(shape, SH.sparql):
                constraints.append((name, str(shapes.value(sparql_constraint, SH.message))))
        for prop in shapes.objects(shape, SH.property):
            if shapes.value(prop, SH.severity, default=SH.Violation) == SH.Violation:
                constraints.append((name, str(shapes.value(prop, SH.message))))
    assert len(constraints) > 80
    cases = [(c.shape, c.message) for c in CASES if c.severity == "Violation"]
    untested = [
        (shape, message)
        for shape, message in constraints
        if not any(s == shape and part in message for s, part in cases)
    ]
    assert not untested, untested


# ---------------------------------------------------------------------------------------------
# Query checks: none returns a row on the built graph; each finds a problem planted for it
# ---------------------------------------------------------------------------------------------

CHECKS_DIR = ROOT / "queries" / "checks"
CHECK_FILES = sorted(CHECKS_DIR.glob("*-violation.rq"))
REF = f"<{GRAPH_REFERENCE}>"
PLANTS = {
    "duplicate-paragraph-number": """
        INSERT { GRAPH <urn:test> { id:test\\/para-copy a cis:Paragraph ; cis:inDocument ?d ;
                                     rdfs:label "a copy"@en ; cis:paragraphNumber ?n } }
        WHERE { { SELECT ?n ?d WHERE {
                  GRAPH ?g { ?p cis:paragraphNumber ?n ; cis:inDocument ?d } } LIMIT 1 } }""",
    "evidence-not-in-paragraph": """
        INSERT { GRAPH <urn:test> { ?s cis:evidence "never in any paragraph" } }
        WHERE { { SELECT ?s WHERE { GRAPH ?g { ?s a cis:Invitation } } LIMIT 1 } }""",
    "mention-offsets": """
        DELETE { GRAPH ?g { ?m cis:start ?start } } INSERT { GRAPH ?g { ?m cis:start 0 } }
        WHERE { GRAPH ?g { ?m a cis:Mention ; cis:start ?start FILTER (?start > 0) } } """,
    "missing-english-label": f"""
        INSERT DATA {{ GRAPH {REF} {{ id:place\\/nowhere a cis:Place ;
                                         rdfs:label "Nirgendwo"@de }} }}""",
    "part-of-itself": """
        INSERT { GRAPH <urn:test> { ?whole cis:partOf ?part } }
        WHERE { { SELECT ?part ?whole WHERE { GRAPH ?g { ?part cis:partOf ?whole } } LIMIT 1 } }""",
    "party-and-not-party": """
        INSERT { GRAPH <urn:test> { ?record a cis:NonParticipation ; rdfs:label "x"@en ;
                                     cis:state ?state ; cis:instrument ?instrument ;
                                     cis:asOf "2030-01-01"^^xsd:date } }
        WHERE { { SELECT ?action ?state ?instrument WHERE { GRAPH ?g {
                    ?action a cis:TreatyAction ; cis:state ?state ; cis:instrument ?instrument ;
                            cis:actionType cis:accession } } LIMIT 1 }
                BIND (IRI(CONCAT(STR(?action), "-not-party")) AS ?record) }""",
    "treaty-without-adoption-date": """
        DELETE { GRAPH ?g { ?i cis:adoptionDate ?d } }
        WHERE { GRAPH ?g { ?i a cis:Protocol ; cis:adoptionDate ?d } }""",
    "unknown-thing-mentioned": """
        INSERT { GRAPH <urn:test> { ?p cis:mentions id:org\\/nobody-knows } }
        WHERE { { SELECT ?p WHERE { GRAPH ?g { ?p a cis:Paragraph } } LIMIT 1 } }""",
}


@pytest.fixture(scope="module")
def checks():
    return {c.name: c for c in read_checks(CHECKS_DIR)}


def test_checks_are_globbed_and_have_headers(checks):
    assert sorted(checks) == sorted(f.name.removesuffix("-violation.rq") for f in CHECK_FILES)
    assert len(checks) >= 5
    for check in checks.values():
        assert check.title and len(check.description) > 40, check.name


def test_no_check_returns_a_row_on_the_built_graph(built, store):
    failures = run_checks(store, CHECKS_DIR)
    assert not failures, "\n".join(str(f) for f in failures)
    assert run_checks(built.dataset, CHECKS_DIR) == []


def test_every_check_has_a_planted_problem(checks):
    assert sorted(PLANTS) == sorted(checks)


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_each_check_finds_its_planted_problem(store, checks, name):
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    copy.update(sparql_prologue() + PLANTS[name])
    failure = run_check(copy, checks[name])
    assert failure is not None and failure.count >= 1, name
    others = [c for c in checks.values() if c.name != name and run_check(copy, c) is not None]
    assert not others, [c.name for c in others]
