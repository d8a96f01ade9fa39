"""The SPARQL 1.1 Service Description of the endpoint, as RDF triples.

Why generated per request: `sd:endpoint` must be the URL the client used (host, port and
path differ between deployments), and the named graphs listed are those of the store now.
"""

from __future__ import annotations

import pyoxigraph as ox

from ciskg.sparql import formats

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
PREFIXES = {"sd": SD, "dcterms": DCTERMS, "formats": "http://www.w3.org/ns/formats/"}


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def describe(
    endpoint: str, named_graphs: list[str], *, update_endpoint: str | None, limits: str
) -> list[ox.Triple]:
    """Triples describing the service at `endpoint` (see SPARQL 1.1 Service Description §3)."""
    service = ox.BlankNode()
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(
            service,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal(
                "SPARQL 1.1 endpoint of ciskg; read-only in public, SERVICE refused. " + limits
            ),
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(
            default_graph,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal("the union of all named graphs"),
        ),
    ]
    for fmt in formats.SOLUTION_FORMATS:
        triples.append(
            ox.Triple(
                service, _sd("resultFormat"), ox.NamedNode(formats.results_format(fmt.key).iri)
            )
        )
    for fmt in formats.GRAPH_FORMATS:
        triples.append(
            ox.Triple(service, _sd("resultFormat"), ox.NamedNode(formats.rdf_format(fmt.key).iri))
        )
    if update_endpoint:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
        triples.append(
            ox.Triple(service, ox.NamedNode(DCTERMS + "relation"), ox.NamedNode(update_endpoint))
        )
    for name in named_graphs:
        graph = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(graph, _sd("name"), ox.NamedNode(name)),
        ]
    return triples


def serialize(triples: list[ox.Triple], format_key: str) -> bytes:
    return ox.serialize(triples, format=formats.rdf_format(format_key), prefixes=PREFIXES) or b""
