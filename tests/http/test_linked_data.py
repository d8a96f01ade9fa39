"""Dereferenceable IRIs, dumps and the dataset description, on the live server.

Each RDF answer is parsed and compared with what the store holds (asked through the
server's own SPARQL endpoint), so a test fails if a format drops or invents a triple.
"""

from __future__ import annotations

import asyncio

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ciskg.describe import CLOSURE_DEPTH, describe

ID = "https://w3id.org/ciskg/id/"
CIS = Namespace("https://w3id.org/ciskg/def#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
UZB = URIRef(ID + "state/uzb")
REMAINING_STATE = "group/a-60-item-42-2005-08-19/remaining-state-ab4376-e6efb1"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DISTINCT_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
)
PARSE_AS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
}


def rdf(response: httpx.Response) -> Graph:
    assert response.status_code == 200, response.text
    media_type = response.headers["content-type"].split(";")[0]
    return Graph().parse(data=response.content, format=PARSE_AS[media_type])


def outgoing(server, iri: URIRef) -> Graph:
    """What the store says about `iri`, by a CONSTRUCT on the server's endpoint."""
    query = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
    return rdf(httpx.get(server.sparql, params={"query": query, "format": "ntriples"}))


def count(server, query: str) -> int:
    response = httpx.get(server.sparql, params={"query": query, "format": "json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("media_type", list(PARSE_AS)[:4])
def test_each_format_by_accept_holds_the_resources_triples(server, media_type: str) -> None:
    response = httpx.get(server.base + "/id/state/uzb", headers={"Accept": media_type})
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    got, expected = rdf(response), outgoing(server, UZB)
    assert len(expected) > 20
    assert set(expected) <= set(got)


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".nt", "application/n-triples"),
        (".rdf", "application/rdf+xml"),
    ],
)
def test_each_format_by_suffix(server, suffix: str, media_type: str) -> None:
    response = httpx.get(server.base + "/id/state/uzb" + suffix, headers={"Accept": BROWSER})
    assert response.headers["content-type"].split(";")[0] == media_type
    assert set(outgoing(server, UZB)) <= set(rdf(response))


def test_format_parameter_and_defaults(server) -> None:
    url = server.base + "/id/state/uzb"
    assert (
        httpx.get(url, params={"format": "jsonld"})
        .headers["content-type"]
        .startswith("application/ld+json")
    )
    # curl's and most libraries' */* get Turtle; a browser gets the page
    assert (
        httpx.get(url, headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")
    )
    page = httpx.get(url, headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html")
    assert 'rel="alternate"; type="text/turtle"' in page.headers["link"]
    assert '<link rel="alternate" type="text/turtle" href="/id/state/uzb.ttl">' in page.text
    assert httpx.get(url, headers={"Accept": "image/png"}).status_code == 406


def test_description_has_incoming_links_labels_and_evidence(server) -> None:
    graph = rdf(httpx.get(server.base + "/id/state/uzb.nt"))
    # incoming: the group "the remaining State" resolved to Uzbekistan (inferred graph)
    assert (URIRef(ID + REMAINING_STATE), CIS.hasMember, UZB) in graph
    assert (URIRef(ID + "participation/uzb-crc-1989-accession"), CIS.state, UZB) in graph
    # labels of linked things, in every language the data has
    assert (
        URIRef(ID + REMAINING_STATE),
        RDFS.label,
        Literal("the remaining State", lang="en"),
    ) in graph
    assert (UZB, SKOS.prefLabel, Literal("Узбекистан", lang="ru")) in graph
    assert (URIRef(ID + "org/cis"), RDFS.label, None) in graph
    # reified report facts about the thing come with their words and paragraph
    process = rdf(httpx.get(server.base + "/id/process/soderkoping-process.ttl"))
    records = set(process.subjects(RDF.subject, URIRef(ID + "process/soderkoping-process")))
    assert records
    assert all((r, CIS.evidence, None) in process for r in records)


def test_unknown_iris_are_404(server) -> None:
    for path in ("/id/state/xyz", "/id/state/xyz.ttl", "/id/", "/graph/nothing-here"):
        plain = httpx.get(server.base + path, headers={"Accept": "text/turtle"})
        assert plain.status_code == 404, path
        assert plain.headers["content-type"].startswith("text/plain")
    page = httpx.get(server.base + "/id/state/xyz", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert 'action="/search"' in page.text and "https://w3id.org/ciskg/id/state/xyz" in page.text
    elsewhere = httpx.get(server.base + "/no/such/page", headers={"Accept": BROWSER})
    assert elsewhere.status_code == 404 and "<form" in elsewhere.text
    assert httpx.get(server.base + "/no/such/page").text == "Not Found\n"


def test_vocabulary_documentation_and_turtle(server) -> None:
    page = httpx.get(server.base + "/def", headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert 'id="State"' in page.text and 'id="hasMember"' in page.text
    for response in (
        httpx.get(server.base + "/def", headers={"Accept": "text/turtle"}),
        httpx.get(server.base + "/def.ttl"),
        httpx.get(server.base + "/def.rdf"),
    ):
        graph = rdf(response)
        assert (CIS.State, RDF.type, OWL.Class) in graph
        # blank nodes (OWL unions) come whole: every list node has its first and rest
        lists = set(graph.subjects(RDF.first, None))
        assert lists and all((node, RDF.rest, None) in graph for node in lists)


def test_named_graph_page_and_content(server) -> None:
    graph_iri = "https://w3id.org/ciskg/graph/reference"
    size = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    page = httpx.get(server.base + "/graph/reference", headers={"Accept": BROWSER})
    assert page.status_code == 200 and f"{size:,}" in page.text
    assert len(rdf(httpx.get(server.base + "/graph/reference.nt"))) == size
    trig = Dataset().parse(
        data=httpx.get(server.base + "/graph/reference.trig").content, format="trig"
    )
    assert len(trig.graph(URIRef(graph_iri))) == size


@pytest.mark.parametrize("ext", ["ttl", "nt", "jsonld", "trig"])
def test_dumps_parse_and_hold_the_whole_store(server, ext: str) -> None:
    with httpx.stream("GET", f"{server.base}/dump.{ext}") as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers  # streamed
        body = b"".join(response.iter_bytes())
    quads = count(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    if ext == "trig":
        dataset = Dataset().parse(data=body, format="trig")
        assert sum(1 for _ in dataset.quads((None, None, None, None))) == quads
        return
    triples = count(server, DISTINCT_TRIPLES)
    graph = Graph().parse(data=body, format={"ttl": "turtle", "jsonld": "json-ld"}.get(ext, ext))
    assert len(graph) == triples > 10_000


def test_void_and_dcat(server) -> None:
    graph = rdf(httpx.get(server.base + "/.well-known/void", headers={"Accept": "text/turtle"}))
    dataset = URIRef("https://w3id.org/ciskg/")
    distinct = count(server, DISTINCT_TRIPLES)
    assert graph.value(dataset, VOID.triples).toPython() == distinct
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(server.sparql)
    assert (
        dataset,
        DCTERMS.license,
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
    ) in graph
    assert (dataset, DCTERMS.source, URIRef(ID + "doc/a-60-item-42-2005-08-19")) in graph
    assert len(set(graph.objects(dataset, DCAT.distribution))) == 4
    linkset = next(graph.subjects(RDF.type, VOID.Linkset))
    assert graph.value(linkset, VOID.objectsTarget) == URIRef("http://www.wikidata.org/")
    wikidata = count(
        server,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g { "
        "?s <http://www.w3.org/2004/02/skos/core#exactMatch> ?o "
        'FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) } } }',
    )
    assert graph.value(linkset, VOID.triples).toPython() == wikidata > 20
    page = httpx.get(server.base + "/.well-known/void", headers={"Accept": BROWSER})
    assert page.status_code == 200 and "Wikidata" in page.text


def test_description_follows_blank_nodes_and_bounds_incoming_links() -> None:
    """`describe` on a small store: the closure stops at CLOSURE_DEPTH blank nodes."""
    store = ox.Store()
    ex = "http://example.org/"
    r = ox.NamedNode(ex + "r")
    p = ox.NamedNode(ex + "p")
    chain = [ox.BlankNode() for _ in range(CLOSURE_DEPTH + 2)]  # one more than followed
    store.add(ox.Quad(r, p, chain[0], ox.NamedNode(ex + "g")))
    for a, b in zip(chain, chain[1:], strict=False):
        store.add(ox.Quad(a, p, b, ox.NamedNode(ex + "g")))
    store.add(ox.Quad(ox.NamedNode(ex + "other"), p, r, ox.NamedNode(ex + "g")))

    async def select(query: str) -> list[dict[str, object]]:
        result = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    desc = asyncio.run(describe(select, ex + "r"))  # type: ignore[arg-type]
    assert len(desc.outgoing) == 1 and len(desc.incoming) == 1
    assert len(desc.closure) == CLOSURE_DEPTH
    assert asyncio.run(describe(select, ex + "nothing")).found is False  # type: ignore[arg-type]
