"""The curated reference layer (data/reference/*.ttl): it parses, the generated files
are what their generators make, and every fact carries a source."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pycountry
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ciskg.iris import thing
from ciskg.namespaces import CIS, ID, WD
from ciskg.refdata import participation, states

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
FILES = (
    "states",
    "organisations",
    "memberships",
    "instruments",
    "processes",
    "places",
    "documents",
    "participation",
)
REQUIRED_PREFIXES = ("cis", "skos", "dcterms", "xsd", "rdfs", "owl", "prov", "wd")

#: Things the reference layer knows only by name from the report of 19 August 2005: no
#: independent source was read for them, so they carry no dcterms:source (and no other
#: fact), only an explanatory rdfs:comment. Anything else without a source is an error.
REPORT_ONLY = {
    thing("process", "issyk-kul-dialogue"),
    thing("doc", "a-58-281"),
    thing("doc", "a-60-150"),
}

CIS_MEMBERS = {"arm", "aze", "blr", "geo", "kaz", "kgz", "mda", "rus", "tjk", "tkm", "ukr", "uzb"}
SODERKOPING_OTHERS = {"est", "hun", "lva", "ltu", "pol", "rou", "svk"}
#: The last day of the High-Level Review Meeting (Minsk, 26-28 May 2004), the date the
#: report's "all but one country ... had ratified the 1951 Convention" refers to.
CUTOFF = dt.date(2004, 5, 28)
# Not rdflib's XSD namespace object: pytest's collection probes module attributes and the
# closed namespace warns about every unknown name it is asked for.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _parse(name: str) -> Graph:
    graph = Graph()
    graph.parse(REFERENCE_DIR / f"{name}.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def reference() -> Graph:
    union = Graph()
    for name in FILES:
        union += _parse(name)
    return union


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_declares_prefixes(name: str) -> None:
    path = REFERENCE_DIR / f"{name}.ttl"
    assert len(_parse(name)) > 0
    text = path.read_text(encoding="utf-8")
    for prefix in REQUIRED_PREFIXES:
        assert f"@prefix {prefix}: <" in text, f"{path.name} lacks @prefix {prefix}:"


def test_states_ttl_is_what_the_generator_makes() -> None:
    generated = states.build_states(states.read_rows())
    assert isomorphic(generated, _parse("states"))


def test_participation_ttl_is_what_the_generator_makes() -> None:
    generated = participation.build_participation(participation.read_rows())
    assert isomorphic(generated, _parse("participation"))


def test_states_cover_the_report_and_match_pycountry(reference: Graph) -> None:
    found = set()
    for node in reference.subjects(RDF.type, CIS.State):
        alpha3 = str(reference.value(node, CIS.iso3166Alpha3))
        assert len(alpha3) == 3 and alpha3.isupper()
        record = pycountry.countries.get(alpha_3=alpha3)
        assert record is not None, alpha3
        assert node == thing("state", alpha3.lower())
        assert str(reference.value(node, CIS.iso3166Alpha2)) == record.alpha_2
        assert str(reference.value(node, CIS.iso3166Numeric)) == record.numeric
        found.add(alpha3.lower())
    assert CIS_MEMBERS | SODERKOPING_OTHERS | {"swe", "aut", "che", "grc", "svn"} == found


def test_named_states_resolve_to_un_names() -> None:
    assert states.iso3("Republic of Moldova") == "mda"
    assert states.iso3("Russian Federation") == "rus"
    assert states.state_iri("Uzbekistan") == URIRef("https://w3id.org/ciskg/id/state/uzb")


def test_every_thing_has_an_english_label_and_a_source(reference: Graph) -> None:
    things = {
        s for s in reference.subjects() if isinstance(s, URIRef) and str(s).startswith(str(ID))
    }
    typed = {s for s in things if (s, RDF.type, None) in reference}
    # Nodes that only receive statements from another file (memberships) are typed elsewhere.
    assert typed == things, sorted(things - typed)
    for node in sorted(things):
        labels = [o for o in reference.objects(node, RDFS.label) if isinstance(o, Literal)]
        assert any(label.language == "en" for label in labels), f"{node} has no @en rdfs:label"
        has_source = (node, DCTERMS.source, None) in reference
        if node in REPORT_ONLY:
            assert not has_source, f"{node} has a source now: drop it from REPORT_ONLY"
            assert (node, CIS.curated, Literal(True)) in reference
            assert (node, RDFS.comment, None) in reference
        else:
            assert has_source, f"{node} has no dcterms:source"


def test_sources_are_web_addresses(reference: Graph) -> None:
    for source in reference.objects(None, DCTERMS.source):
        assert isinstance(source, URIRef), source
        assert str(source).startswith(("http://", "https://")), source


def test_references_between_things_resolve(reference: Graph) -> None:
    expected_type = {
        CIS.state: {CIS.State},
        CIS.inCountry: {CIS.State},
        CIS.memberOf: {CIS.IntergovernmentalOrganization, CIS.Organization},
        CIS.instrument: {CIS.Convention, CIS.Protocol, CIS.SoftLawInstrument},
        CIS.protocolTo: {CIS.Convention},
    }
    for prop, types in expected_type.items():
        for subject, target in reference.subject_objects(prop):
            found = set(reference.objects(target, RDF.type))
            assert found & types, f"{subject} {prop} {target}: target typed {found}"
    for _, target in reference.subject_objects(RDFS.seeAlso):
        assert (target, RDF.type, None) in reference, target


def test_exact_matches_are_wikidata_items(reference: Graph) -> None:
    for node, target in reference.subject_objects(SKOS.exactMatch):
        assert str(target).startswith(str(WD) + "Q"), (node, target)
    qids = Counter(reference.objects(None, SKOS.exactMatch))
    assert all(count == 1 for count in qids.values()), qids


def test_one_pref_label_per_language(reference: Graph) -> None:
    for node in set(reference.subjects(SKOS.prefLabel, None)):
        languages = Counter(label.language for label in reference.objects(node, SKOS.prefLabel))
        assert all(count == 1 for count in languages.values()), (node, languages)


def test_treaty_actions_are_complete(reference: Graph) -> None:
    action_types = set(participation.ACTION_TYPES.values())
    actions = set(reference.subjects(RDF.type, CIS.TreatyAction))
    assert len(actions) > 200
    for node in actions:
        for prop in (CIS.state, CIS.instrument, CIS.actionType, CIS.date):
            assert len(list(reference.objects(node, prop))) == 1, (node, prop)
        assert reference.value(node, CIS.actionType) in action_types
        assert reference.value(node, CIS.date).datatype == XSD_DATE
        assert (node, DCTERMS.source, None) in reference, node


def test_non_participation_records_are_complete(reference: Graph) -> None:
    records = set(reference.subjects(RDF.type, CIS.NonParticipation))
    assert records
    for node in records:
        for prop in (CIS.state, CIS.instrument, CIS.asOf):
            assert len(list(reference.objects(node, prop))) == 1, (node, prop)
        assert reference.value(node, CIS.asOf).datatype == XSD_DATE
        assert (node, DCTERMS.source, None) in reference, node
        assert str(node).endswith("-not-party")


def test_cis_membership_lists_the_twelve(reference: Graph) -> None:
    members = set(reference.subjects(CIS.memberOf, thing("org", "cis")))
    assert members == {thing("state", s) for s in CIS_MEMBERS}


def _parties(reference: Graph, instrument: str, by: dt.date) -> set[str]:
    """Slugs of the states with a party-making action for `instrument` dated on or before `by`."""
    making = {participation.ACTION_TYPES[a] for a in participation.PARTY_MAKING}
    found = set()
    for node in reference.subjects(CIS.instrument, thing("instrument", instrument)):
        if (node, RDF.type, CIS.TreatyAction) not in reference:
            continue
        if reference.value(node, CIS.actionType) not in making:
            continue
        if reference.value(node, CIS.date).toPython() <= by:
            found.add(str(reference.value(node, CIS.state)).rsplit("/", 1)[1])
    return found


@pytest.mark.parametrize("instrument", ["refugee-convention-1951", "refugee-protocol-1967"])
def test_uzbekistan_is_the_one_cis_state_not_party_in_may_2004(
    reference: Graph, instrument: str
) -> None:
    # The fact the headline query relies on ("all but one country in the region had ratified
    # the 1951 Convention ... and/or its 1967 Protocol"; "the remaining State").
    cis_members = {
        str(s).rsplit("/", 1)[1] for s in reference.subjects(CIS.memberOf, thing("org", "cis"))
    }
    assert _parties(reference, instrument, CUTOFF) & cis_members == cis_members - {"uzb"}
    # ... and that is a sourced "not party", not a gap in the data.
    record = thing("participation", f"uzb-{instrument}-not-party")
    assert (record, RDF.type, CIS.NonParticipation) in reference
    assert reference.value(record, CIS.asOf).toPython() >= CUTOFF
    assert not _parties(reference, instrument, dt.date.today()) & {"uzb"}


def test_every_soderkoping_state_has_a_1951_convention_record(reference: Graph) -> None:
    for slug in CIS_MEMBERS | SODERKOPING_OTHERS:
        records = set(reference.subjects(CIS.state, thing("state", slug))) & set(
            reference.subjects(CIS.instrument, thing("instrument", "refugee-convention-1951"))
        )
        assert records, slug


def test_participation_rows_must_be_verified() -> None:
    row = {
        "state": "Armenia",
        "instrument": "1951 Convention relating to the Status of Refugees",
        "action": "accession",
        "date": "1993-07-06",
        "source_url": "https://example.org/x",
        "verified": "no",
    }
    with pytest.raises(ValueError, match="unverified"):
        participation.build_participation([row])
    with pytest.raises(ValueError, match="conflicting dates"):
        participation.build_participation(
            [{**row, "verified": "yes"}, {**row, "verified": "yes", "date": "1993-07-07"}]
        )
