"""The dataset described for machines: VoID (counts, subsets, links to Wikidata) and DCAT
(title, licence, sources, distributions, the SPARQL service), as one set of triples.

Why computed from the store on request (and cached with the query answers): the counts
must be those of the data being served, which changes with every build and update; the
URLs of the endpoint and the dumps are those of the server answering. The dataset's IRI
is the configured base (`https://w3id.org/ciskg/`), whose page is the home page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ciskg.describe import Row, Select
from ciskg.namespaces import (
    DCAT,
    DCTERMS,
    FOAF,
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    RDF,
    SKOS,
    VOID,
    XSD,
    sparql_prologue,
)

Node = ox.NamedNode | ox.BlankNode
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WIKIDATA = "http://www.wikidata.org/"
TITLE = "ciskg: international cooperation on refugees, migration and displacement in the CIS"
DESCRIPTION = (
    "A knowledge graph of the actors, treaties and processes of international cooperation "
    "on refugees, migration and displacement in the region of the Commonwealth of "
    "Independent States, read from UN reports with provenance to the paragraph, with "
    "curated reference data (states, organisations, instruments, treaty actions) that "
    "cites its sources."
)
KEYWORDS = ("refugees", "migration", "displacement", "CIS", "treaties", "United Nations")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
FORMAT_IRIS = {
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "trig": "http://www.w3.org/ns/formats/TriG",
}

QUERIES = {
    "size": "SELECT (COUNT(*) AS ?quads) (COUNT(DISTINCT ?s) AS ?subjects) "
    "(COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects) "
    "WHERE { GRAPH ?g { ?s ?p ?o } }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
    "WHERE { GRAPH ?g { ?s ?p ?o } } }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } "
    "GROUP BY ?c ORDER BY DESC(?n) ?c",
    "wikidata": sparql_prologue()
    + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { "
    f'?s skos:exactMatch ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA_ENTITY}")) }} }} }}',
    "licence": sparql_prologue() + f"SELECT ?l WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ "
    "?o a owl:Ontology ; dcterms:license ?l } }",
    "reports": sparql_prologue()
    + "SELECT DISTINCT ?doc WHERE { ?para cis:inDocument ?doc } ORDER BY ?doc",
    "sources": sparql_prologue()
    + f"SELECT DISTINCT ?src WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{ ?x dcterms:source ?src "
    "FILTER(isIRI(?src)) } } ORDER BY ?src",
}


def entities_query(id_space: str) -> str:
    return (
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?s), "{id_space}")) }}'
    )


@dataclass(slots=True)
class Statistics:
    triples: int = 0
    quads: int = 0
    entities: int = 0
    properties: int = 0
    subjects: int = 0
    objects: int = 0
    wikidata_links: int = 0
    graphs: list[tuple[str, int]] = field(default_factory=list)
    classes: list[tuple[str, int]] = field(default_factory=list)
    licence: str | None = None
    reports: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _int(rows: list[Row], name: str) -> int:
    term = rows[0].get(name) if rows else None
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _pairs(rows: list[Row], key: str) -> list[tuple[str, int]]:
    return [
        (r[key].value, int(r["n"].value))
        for r in rows
        if isinstance(r.get(key), ox.NamedNode) and isinstance(r.get("n"), ox.Literal)
    ]


def _iris(rows: list[Row], key: str) -> list[str]:
    return [r[key].value for r in rows if isinstance(r.get(key), ox.NamedNode)]


async def statistics(select: Select, id_space: str) -> Statistics:
    """Count what the store holds (a few aggregate queries, each under the time limit)."""
    rows = {name: await select(query) for name, query in QUERIES.items()}
    rows["entities"] = await select(entities_query(id_space))
    return Statistics(
        triples=_int(rows["triples"], "n"),
        quads=_int(rows["size"], "quads"),
        entities=_int(rows["entities"], "n"),
        properties=_int(rows["size"], "properties"),
        subjects=_int(rows["size"], "subjects"),
        objects=_int(rows["size"], "objects"),
        wikidata_links=_int(rows["wikidata"], "n"),
        graphs=_pairs(rows["graphs"], "g"),
        classes=_pairs(rows["classes"], "c"),
        licence=next(iter(_iris(rows["licence"], "l")), None),
        reports=_iris(rows["reports"], "doc"),
        sources=_iris(rows["sources"], "src"),
    )


def triples(
    stats: Statistics,
    *,
    dataset: str,
    vocabulary: str,
    id_space: str,
    sparql: str,
    dumps: dict[str, str],
) -> list[ox.Triple]:
    """The VoID and DCAT description of the dataset `dataset` (its IRI)."""
    d = ox.NamedNode(dataset)
    out: list[ox.Triple] = []

    def add(s: Node, p: str, o: Node | ox.Literal) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    add(d, str(RDF.type), iri(str(VOID.Dataset)))
    add(d, str(RDF.type), iri(str(DCAT.Dataset)))
    add(d, str(DCTERMS.title), en(TITLE))
    add(d, str(DCTERMS.description), en(DESCRIPTION))
    if stats.licence:
        add(d, str(DCTERMS.license), iri(stats.licence))
    add(d, str(DCAT.landingPage), d)
    for word in KEYWORDS:
        add(d, str(DCAT.keyword), en(word))
    for source in (*stats.reports, *stats.sources):
        add(d, str(DCTERMS.source), iri(source))
    add(d, str(VOID.sparqlEndpoint), iri(sparql))
    add(d, str(VOID.uriSpace), ox.Literal(id_space))
    add(d, str(VOID.vocabulary), iri(vocabulary))
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("classes", len(stats.classes)),
        ("properties", stats.properties),
        ("distinctSubjects", stats.subjects),
        ("distinctObjects", stats.objects),
    ):
        add(d, str(VOID[name]), count(value))
    service = iri(sparql)
    add(d, str(DCAT.accessService), service)
    add(service, str(RDF.type), iri(str(DCAT.DataService)))
    add(service, str(DCAT.endpointURL), service)
    add(service, str(DCAT.servesDataset), d)
    add(service, str(DCTERMS.conformsTo), iri("https://www.w3.org/TR/sparql11-protocol/"))
    for key, url in dumps.items():
        add(d, str(VOID.dataDump), iri(url))
        dist = ox.BlankNode()
        add(d, str(DCAT.distribution), dist)
        add(dist, str(RDF.type), iri(str(DCAT.Distribution)))
        add(dist, str(DCAT.downloadURL), iri(url))
        add(dist, str(DCAT.mediaType), iri(MEDIA_TYPE + _media_type(key)))
        add(dist, str(DCTERMS.format), iri(FORMAT_IRIS[key]))
        if key in FORMAT_IRIS:
            add(d, str(VOID.feature), iri(FORMAT_IRIS[key]))
    for graph, n in stats.graphs:
        g = iri(graph)
        add(d, str(VOID.subset), g)
        add(g, str(RDF.type), iri(str(VOID.Dataset)))
        add(g, str(VOID.triples), count(n))
    for cls, n in stats.classes:
        part = ox.BlankNode()
        add(d, str(VOID.classPartition), part)
        add(part, str(VOID["class"]), iri(cls))
        add(part, str(VOID.entities), count(n))
    linkset, wikidata = iri(dataset + "#wikidata-links"), iri(WIKIDATA)
    add(d, str(VOID.subset), linkset)
    add(linkset, str(RDF.type), iri(str(VOID.Linkset)))
    add(linkset, str(VOID.subjectsTarget), d)
    add(linkset, str(VOID.objectsTarget), wikidata)
    add(linkset, str(VOID.linkPredicate), iri(str(SKOS.exactMatch)))
    add(linkset, str(VOID.triples), count(stats.wikidata_links))
    add(wikidata, str(RDF.type), iri(str(VOID.Dataset)))
    add(wikidata, str(FOAF.homepage), iri("https://www.wikidata.org/"))
    add(wikidata, str(VOID.uriSpace), ox.Literal(WIKIDATA_ENTITY))
    return out


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(str(XSD.integer)))


def _media_type(key: str) -> str:
    return {
        "turtle": "text/turtle",
        "ntriples": "application/n-triples",
        "jsonld": "application/ld+json",
        "trig": "application/trig",
    }[key]
