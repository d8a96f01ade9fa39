"""The ontology defines the vocabulary, aligns it, loads in owlready2 and is consistent."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ciskg.ontology_profile import check_dl_profile

ONTOLOGY = Path(__file__).parents[1] / "ontology" / "ciskg.ttl"
CIS = Namespace("https://w3id.org/ciskg/def#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ciskg/def")


def words(text: str) -> list[str]:
    return text.split()


# Copied from the tables of VOCABULARY.md.
VOCABULARY_CLASSES = words("""
    Actor State Organization IntergovernmentalOrganization GovernmentAgency
    NonGovernmentalOrganization StateGroup Instrument Convention Protocol SoftLawInstrument
    Process Project Event Meeting WorkingGroup Place Document Paragraph Statement Invitation
    Commitment Recognition Recommendation TreatyAction Theme Action
""")
VOCABULARY_OBJECT_PROPERTIES = words("""
    memberOf hasMember participant leadAgency secretariat organizer host coSponsor chair coChair
    fundedBy partOf spinOffOf relatedTo location inCountry theme agent addressee action
    instrument madeAt state actionType protocolTo mentions inDocument cites
""")
VOCABULARY_DATATYPE_PROPERTIES = words("""
    startDate endDate evidence date adoptionDate paragraphNumber text symbol
""")
# From "Terms beyond VOCABULARY.md" in docs/CONVENTIONS.md.
CONVENTIONS_CLASSES = words("NonParticipation TreatyActionType Mention Footnote Section")
# Beyond both documents: terms the pipeline's code writes.
CODE_CLASSES = words("ActorGroup")
CODE_DATATYPE_PROPERTIES = words("agendaTitle sha256")
CONVENTIONS_OBJECT_PROPERTIES = words("inParagraph refersTo inSection")
CONVENTIONS_DATATYPE_PROPERTIES = words("""
    asOf makesParty iso3166Alpha2 iso3166Alpha3 iso3166Numeric curated start end anchorText
    title sectionNumber sessionNumber agendaItem identifier
""")
# External terms the vocabulary uses, with the one OWL kind each is declared as.
EXTERNAL = {
    "http://www.w3.org/ns/prov#wasDerivedFrom": OWL.ObjectProperty,
    "http://purl.org/dc/terms/source": OWL.AnnotationProperty,
    "http://purl.org/dc/terms/date": OWL.AnnotationProperty,
    "http://purl.org/dc/terms/title": OWL.AnnotationProperty,
    str(SKOS.closeMatch): OWL.AnnotationProperty,
    str(SKOS.Concept): OWL.Class,
}
EXPECTED = [
    (term, kind)
    for kind, terms in [
        (OWL.Class, VOCABULARY_CLASSES + CONVENTIONS_CLASSES + CODE_CLASSES),
        (OWL.ObjectProperty, VOCABULARY_OBJECT_PROPERTIES + CONVENTIONS_OBJECT_PROPERTIES),
        (OWL.DatatypeProperty, VOCABULARY_DATATYPE_PROPERTIES + CONVENTIONS_DATATYPE_PROPERTIES),
        (OWL.DatatypeProperty, CODE_DATATYPE_PROPERTIES),
    ]
    for term in terms
]
SUBCLASSES = words("""
    Convention<Instrument Protocol<Instrument SoftLawInstrument<Instrument Invitation<Statement
    Commitment<Statement Recognition<Statement Recommendation<Statement Meeting<Event
    Conference<Meeting RoundTable<Meeting Workshop<Meeting Seminar<Meeting ContractSigning<Event
    State<Actor Organization<Actor StateGroup<ActorGroup ActorGroup<Actor
    IntergovernmentalOrganization<Organization
    GovernmentAgency<Organization NonGovernmentalOrganization<Organization
""")
DISJOINT = words("""
    Actor Instrument Process Project Event Place Document Paragraph Statement TreatyAction Mention
""")
DISJOINT_ACTORS = words("State Organization StateGroup")
SCHEMES = {
    CIS.ActionScheme: (CIS.Action, 16),
    CIS.ThemeScheme: (CIS.Theme, 19),
    CIS.TreatyActionTypeScheme: (CIS.TreatyActionType, 6),
    CIS.GroupCriterionScheme: (CIS.GroupCriterion, 1),
}
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def cis_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for kind in KINDS
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(str(CIS))
    }


def english(graph: Graph, s: URIRef, p: URIRef) -> list[str]:
    return [str(o) for o in graph.objects(s, p) if getattr(o, "language", None) == "en"]


def test_ontology_header(graph: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    for p in ("title", "description", "license", "created"):
        assert graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/" + p)), p
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo)


@pytest.mark.parametrize(("name", "kind"), EXPECTED)
def test_term_defined(graph: Graph, name: str, kind: URIRef) -> None:
    term = CIS[name]
    assert (term, RDF.type, kind) in graph, f"cis:{name} is not a {kind}"
    assert len(english(graph, term, RDFS.label)) == 1, f"cis:{name} needs one English label"
    assert english(graph, term, RDFS.comment), f"cis:{name} has no English comment"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph


@pytest.mark.parametrize(("iri", "kind"), sorted(EXTERNAL.items()))
def test_external_term_declared_once(graph: Graph, iri: str, kind: URIRef) -> None:
    kinds = set(graph.objects(URIRef(iri), RDF.type)) & {*KINDS, OWL.AnnotationProperty}
    assert kinds == {kind}


def test_every_cis_term_is_documented_and_no_term_is_punned(graph: Graph) -> None:
    for term in cis_terms(graph):
        kinds = set(graph.objects(term, RDF.type)) & {*KINDS, OWL.AnnotationProperty}
        assert len(kinds) == 1, f"{term} has the kinds {kinds}"
        assert english(graph, term, RDFS.label) and english(graph, term, RDFS.comment), term


def test_every_cis_term_is_aligned(graph: Graph) -> None:
    links = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, SKOS.closeMatch)

    def aligned(term: URIRef, seen: frozenset[URIRef] = frozenset()) -> bool:
        for p in links:
            for o in graph.objects(term, p):
                if isinstance(o, URIRef) and not o.startswith(str(CIS)):
                    return True
                if isinstance(o, URIRef) and o not in seen and aligned(o, seen | {term}):
                    return True
        return False

    unaligned = sorted(t for t in cis_terms(graph) if not aligned(t))
    assert not unaligned, f"no alignment to a well-known vocabulary: {unaligned}"


def test_property_semantics(graph: Graph) -> None:
    assert (CIS.memberOf, OWL.inverseOf, CIS.hasMember) in graph
    assert (CIS.partOf, RDF.type, OWL.TransitiveProperty) in graph
    assert (CIS.relatedTo, RDF.type, OWL.SymmetricProperty) in graph
    assert (CIS.spinOffOf, RDFS.subPropertyOf, CIS.relatedTo) in graph
    assert (CIS.spinOffOf, RDF.type, OWL.SymmetricProperty) not in graph
    assert (CIS.coChair, RDFS.subPropertyOf, CIS.chair) in graph
    for pair in SUBCLASSES:
        sub, sup = pair.split("<")
        assert (CIS[sub], RDFS.subClassOf, CIS[sup]) in graph, pair
    for name in ("Theme", "Action", "TreatyActionType"):
        assert (CIS[name], RDFS.subClassOf, SKOS.Concept) in graph, name


def test_disjointness(graph: Graph) -> None:
    axioms = [
        set(Collection(graph, graph.value(axiom, OWL.members)))
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    for names in (DISJOINT, DISJOINT_ACTORS):
        assert any({CIS[n] for n in names} <= members for members in axioms), names


@pytest.mark.parametrize(("scheme", "spec"), sorted(SCHEMES.items()))
def test_concept_schemes(graph: Graph, scheme: URIRef, spec: tuple[URIRef, int]) -> None:
    cls, count = spec
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == count
    for c in concepts:
        assert (c, RDF.type, SKOS.Concept) in graph and (c, RDF.type, cls) in graph, c
        assert len(english(graph, c, SKOS.prefLabel)) == 1, c
        assert english(graph, c, SKOS.definition), c
        if cls != CIS.TreatyActionType:
            assert english(graph, c, SKOS.altLabel), c


def test_every_concept_has_label_and_scheme(graph: Graph) -> None:
    for c in set(graph.subjects(RDF.type, SKOS.Concept)):
        assert english(graph, c, SKOS.prefLabel), c
        assert any(s in SCHEMES for s in graph.objects(c, SKOS.inScheme)), c


def test_verb_forms_are_labels(graph: Graph) -> None:
    def labels(c: URIRef) -> set[str]:
        return {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(c, p)}

    action = Namespace("https://w3id.org/ciskg/id/action/")
    theme = Namespace("https://w3id.org/ciskg/id/theme/")
    assert {"accede", "accession", "acceding"} <= labels(action.accede)
    assert "consider acceding" in labels(action["consider-acceding"])
    assert {"asylum", "asylum-seekers", "refugee status"} <= labels(theme.asylum)
    assert {"trafficking in persons", "counter-trafficking"} <= labels(theme.trafficking)


def test_makes_party(graph: Graph) -> None:
    party = {
        c
        for c in graph.subjects(RDF.type, CIS.TreatyActionType)
        if graph.value(c, CIS.makesParty).toPython()
    }
    assert party == {CIS.ratification, CIS.accession, CIS.succession, CIS.acceptance, CIS.approval}


def load_in_owlready(graph: Graph, tmp_path: Path) -> tuple[owlready2.World, owlready2.Ontology]:
    path = tmp_path / "ciskg.owl"
    graph.serialize(path, format="xml")
    world = owlready2.World()
    return world, world.get_ontology(path.as_uri()).load(format="rdfxml")


def test_owlready2_loads_the_classes(graph: Graph, tmp_path: Path) -> None:
    world, _ = load_in_owlready(graph, tmp_path)
    for name in VOCABULARY_CLASSES + CONVENTIONS_CLASSES:
        assert isinstance(world[str(CIS[name])], owlready2.ThingClass), name
    assert isinstance(world[str(CIS.memberOf)], owlready2.ObjectPropertyClass)
    assert isinstance(world[str(CIS.evidence)], owlready2.DataPropertyClass)


# xsd:date, xsd:gYearMonth and xsd:gYear are outside the OWL 2 datatype map HermiT implements.
def hermit(world: owlready2.World) -> None:
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)


def test_hermit_finds_the_ontology_consistent(graph: Graph, tmp_path: Path) -> None:
    world, _ = load_in_owlready(graph, tmp_path)
    hermit(world)
    assert not list(world.inconsistent_classes())


def test_hermit_finds_a_state_that_is_a_document_inconsistent(graph: Graph, tmp_path: Path) -> None:
    world, onto = load_in_owlready(graph, tmp_path)
    with onto:
        thing = world[str(CIS.State)]("state-and-document")
        thing.is_a.append(world[str(CIS.Document)])
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(world)


def test_dl_profile_of_the_ontology_is_clean(graph: Graph) -> None:
    assert check_dl_profile(graph) == []


def test_dl_profile_reports_punning_and_undeclared_terms(graph: Graph) -> None:
    bad = Graph()
    uzb = URIRef("https://w3id.org/ciskg/id/state/uzb")
    bad.add((uzb, RDF.type, CIS.State))
    bad.add((uzb, CIS.evidence, URIRef("https://w3id.org/ciskg/id/doc/a-58-281")))
    bad.add((uzb, CIS.memberOf, CIS.StateGroup))
    bad.add((uzb, CIS.nickname, Literal("x")))
    problems = "\n".join(check_dl_profile(graph + bad)).replace(str(CIS), "cis:")
    assert "datatype property <cis:evidence> has IRI values" in problems
    assert "class <cis:StateGroup> is used as an individual" in problems
    assert "<cis:nickname> is used as a property but not declared" in problems
