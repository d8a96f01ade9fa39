"""The SPARQL 1.1 Protocol on the live server: methods, dataset, formats, negotiation, caching."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from endpoint_settings import CORS_ORIGIN, FIXTURE_GRAPH_A, FIXTURE_GRAPH_B
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

EX = "http://example.org/ciskg-test/"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { ?s rdfs:label ?label FILTER(STRSTARTS(STR(?s), '" + EX + "')) }"
    " ORDER BY ?label"
)


def labels(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["label"]["value"] for b in response.json()["results"]["bindings"]]


def test_health(server) -> None:
    response = httpx.get(server.base + "/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_get_post_form_and_post_direct_agree(server) -> None:
    get = httpx.get(server.sparql, params={"query": LABELS})
    form = httpx.post(server.sparql, data={"query": LABELS})
    direct = httpx.post(
        server.sparql, content=LABELS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert (
        labels(get)
        == labels(form)
        == labels(direct)
        == ["Alpha", "Beta", "Delta", "Gamma", "Дельта"]
    )


def test_default_graph_is_the_union_of_named_graphs(server) -> None:
    query = f"ASK {{ <{EX}alpha> <{EX}next> <{EX}beta> . <{EX}alpha> <{EX}related> <{EX}delta> }}"
    assert httpx.get(server.sparql, params={"query": query}).json()["boolean"] is True


def test_default_graph_uri_restricts_the_default_graph(server) -> None:
    response = httpx.get(
        server.sparql, params={"query": LABELS, "default-graph-uri": FIXTURE_GRAPH_B}
    )
    assert labels(response) == ["Delta", "Дельта"]


def test_named_graph_uri_restricts_graph_patterns(server) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.post(server.sparql, data={"query": query, "named-graph-uri": FIXTURE_GRAPH_A})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [FIXTURE_GRAPH_A]


def test_from_clause_is_honoured_without_protocol_graphs(server) -> None:
    query = LABELS.replace("SELECT ?label", f"SELECT ?label FROM <{FIXTURE_GRAPH_A}>")
    assert labels(httpx.get(server.sparql, params={"query": query})) == ["Alpha", "Beta", "Gamma"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(server, accept: str, media_type: str) -> None:
    response = httpx.get(server.sparql, params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
        ("trig", "application/trig"),
    ],
)
def test_construct_in_every_graph_format(server, fmt: str, media_type: str) -> None:
    query = (
        f"CONSTRUCT {{ ?s <{EX}size> ?n }} "
        f"WHERE {{ GRAPH <{FIXTURE_GRAPH_A}> {{ ?s <{EX}size> ?n }} }}"
    )
    response = httpx.get(server.sparql, params={"query": query, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    parse_as = {"ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}.get(fmt, fmt)
    graph = Graph().parse(data=response.content, format=parse_as)
    assert len(graph) == 3
    assert (URIRef(EX + "gamma"), URIRef(EX + "size"), None) in graph


def test_format_parameter_overrides_accept(server) -> None:
    response = httpx.get(
        server.sparql,
        params={"query": LABELS, "format": "csv"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["label"] and ["Дельта"] in rows


def test_csv_quotes_commas_and_quotes(server) -> None:
    query = f"SELECT ?note WHERE {{ <{EX}gamma> <{EX}note> ?note }}"
    response = httpx.get(server.sparql, params={"query": query}, headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(response.text)))[1] == [
        'a "quoted" note, with a comma; and SERVICE in it'
    ]


def test_describe(server) -> None:
    response = httpx.get(
        server.sparql, params={"query": f"DESCRIBE <{EX}delta>"}, headers={"Accept": "text/turtle"}
    )
    graph = Graph().parse(data=response.text, format="turtle")
    assert len(graph) >= 5


def test_etag_and_not_modified(server) -> None:
    first = httpx.get(server.sparql, params={"query": LABELS})
    etag = first.headers["etag"]
    again = httpx.get(server.sparql, params={"query": LABELS}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = httpx.get(
        server.sparql, params={"query": LABELS, "format": "xml"}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_service_description_in_turtle(server) -> None:
    response = httpx.get(server.sparql, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=SD.endpoint, object=URIRef(server.sparql))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (None, SD.name, URIRef(FIXTURE_GRAPH_A)) in graph


def test_cors_is_granted_to_the_configured_origin_only(server) -> None:
    allowed = httpx.get(server.sparql, params={"query": "ASK {}"}, headers={"Origin": CORS_ORIGIN})
    assert allowed.headers.get("access-control-allow-origin") == CORS_ORIGIN
    other = httpx.get(
        server.sparql, params={"query": "ASK {}"}, headers={"Origin": "http://elsewhere.example"}
    )
    assert "access-control-allow-origin" not in other.headers


def test_openapi_documents_the_endpoint(server) -> None:
    schema = json.loads(httpx.get(server.base + "/openapi.json").text)
    assert {"/sparql", "/update", "/queries", "/health"} <= set(schema["paths"])
