"""rdfize the extractors' records: each node made from the text gets its type, label,
`cis:evidence` (verbatim words of its paragraph) and `prov:wasDerivedFrom` the paragraph.

A fact (a triple between things, like a role or a relation) is added as the triple
itself and as a reified `rdf:Statement` that carries the evidence, so an analyst can
both query the plain triple and see where the report says it.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from ciskg import iris
from ciskg.extract.records import Event, Evidence, Extraction
from ciskg.namespaces import CIS
from ciskg.report import Report


def extraction_triples(report: Report, extraction: Extraction, labels: dict[URIRef, str]) -> Graph:
    g = Graph()

    def provenance(node: URIRef, evidence: Evidence) -> None:
        g.add((node, CIS.evidence, Literal(evidence.text)))
        g.add((node, PROV.wasDerivedFrom, iris.paragraph(report.slug, evidence.para)))

    for entity in extraction.entities:
        g.add((entity.iri, RDF.type, entity.kind))
        g.add((entity.iri, RDFS.label, Literal(entity.label, lang="en")))
        g.add((entity.iri, SKOS.prefLabel, Literal(entity.label, lang="en")))
        g.add((entity.iri, CIS.curated, Literal(False)))
        provenance(entity.iri, entity.evidence)

    for group in extraction.groups:
        g.add((group.iri, RDF.type, group.kind))
        g.add((group.iri, RDFS.label, Literal(group.label, lang="en")))
        for population in group.drawn_from:
            g.add((group.iri, CIS.drawnFrom, population))
        for excluded in group.excludes:
            g.add((group.iri, CIS.excludes, excluded))
        if group.criterion is not None:
            g.add((group.iri, CIS.criterion, group.criterion))
        provenance(group.iri, group.evidence)

    for event in extraction.events:
        g.add((event.iri, RDF.type, event.kind))
        g.add((event.iri, RDFS.label, Literal(_event_label(event, labels), lang="en")))
        if event.start is not None:
            g.add((event.iri, CIS.startDate, event.start.literal()))
        if event.end is not None:
            g.add((event.iri, CIS.endDate, event.end.literal()))
        if event.date_text:
            g.add((event.iri, CIS.dateText, Literal(event.date_text)))
        for prop, value in (
            (CIS.location, event.place),
            (CIS.country, event.country),
            (CIS.partOf, event.part_of),
        ):
            if value is not None:
                g.add((event.iri, prop, value))
        provenance(event.iri, event.evidence)

    for st in extraction.statements:
        g.add((st.iri, RDF.type, st.kind))
        g.add((st.iri, RDFS.label, Literal(_statement_label(st.kind, st.evidence), lang="en")))
        for prop, values in (
            (CIS.agent, st.agents),
            (CIS.addressee, st.addressees),
            (CIS.instrument, st.instruments),
            (CIS.theme, st.themes),
        ):
            for value in values:
                g.add((st.iri, prop, value))
        if st.action is not None:
            g.add((st.iri, CIS.action, st.action))
        if st.made_at is not None:
            g.add((st.iri, CIS.madeAt, st.made_at))
        provenance(st.iri, st.evidence)

    for fact in extraction.facts:
        g.add((fact.subject, fact.predicate, fact.object))
        digest = iris.short_hash(fact.subject, fact.predicate, fact.object, fact.evidence.para)
        record = iris.thing("assertion", f"{report.slug}/{digest}")
        g.add((record, RDF.type, RDF.Statement))
        g.add((record, RDF.subject, fact.subject))
        g.add((record, RDF.predicate, fact.predicate))
        g.add((record, RDF.object, fact.object))
        provenance(record, fact.evidence)
    return g


def _event_label(event: Event, labels: dict[URIRef, str]) -> str:
    """Proper names stand alone; a described event gets its place and date as written."""
    named = event.label[:1].isupper() and any(w[:1].isupper() for w in event.label.split()[1:])
    if named:
        return event.label
    where = labels.get(event.place or event.country or URIRef(""))
    parts = [event.label, where, event.date_text]
    return ", ".join(p for p in parts if p)


def _statement_label(kind: URIRef, evidence: Evidence) -> str:
    words = (
        evidence.text if len(evidence.text) <= 90 else evidence.text[:87].rsplit(" ", 1)[0] + " …"
    )
    return f"{kind.split('#')[-1]}: {words}"
