"""The W3C SPARQL 1.1 Protocol test suite (34 tests) against the live server.

The manifest encodes each test's HTTP requests (`ht:requests`: method, path, headers, body
with its character encoding) and the expected response (`mf:expectedStatus`,
`mf:expectedFormat`, `mf:expectedBoolean`); this runner reads them and sends them in order.
`TESTS` below says, per test IRI, which endpoint the manifest's `/sparql/` path means for
each of its requests (queries → `/sparql`; updates → `/update`, with the bearer token) —
the request alone does not always tell (`text/plain` bodies) — and what the test is about.
Every manifest entry must be in the table and vice versa; there are no exclusions.
Tests run in manifest order because the update tests change the data (DROP ALL).
"""

from __future__ import annotations

import json
from xml.dom import minidom

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from w3c_suite import SUITE, TOKEN

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

Q, U = ("query",), ("update",)
UQ = ("update", "query")  # an update, then a query that checks it
TESTS: dict[str, tuple[tuple[str, ...], str]] = {
    "query_post_form": (Q, "query as a URL-encoded form POST (default graph data0 is empty)"),
    "query_dataset_default_graphs_get": (Q, "two default-graph-uri by GET: their merge"),
    "query_dataset_default_graphs_post": (Q, "default-graph-uri in the URL of a direct POST"),
    "query_dataset_named_graphs_post": (Q, "named-graph-uri in a direct POST: GRAPH ?g sees them"),
    "query_dataset_named_graphs_get": (Q, "named-graph-uri by GET"),
    "query_dataset_full": (Q, "default and named graphs both given by the protocol"),
    "query_multiple_dataset": (Q, "protocol dataset overrides the query's FROM"),
    "query_get": (Q, "plain GET with query="),
    "query_content_type_select": (Q, "SELECT answers in XML, JSON, CSV or TSV"),
    "query_content_type_ask": (Q, "ASK answers in XML or JSON"),
    "query_content_type_describe": (Q, "DESCRIBE answers in an RDF format"),
    "query_content_type_construct": (Q, "CONSTRUCT with relative IRIs (base: the endpoint)"),
    "update_dataset_default_graph": (UQ, "using-graph-uri becomes the WHERE default graph"),
    "update_dataset_default_graphs": (UQ, "two using-graph-uri; data3 stays out"),
    "update_dataset_named_graphs": (UQ, "using-named-graph-uri limits GRAPH ?g in WHERE"),
    "update_dataset_full": (UQ, "using-graph-uri and using-named-graph-uri together"),
    "update_post_form": (U, "update as a URL-encoded form POST"),
    "update_post_direct": (U, "update as application/sparql-update"),
    "update_base_uri": (UQ, "relative IRI in an update resolves against the endpoint URL"),
    "query_post_direct": (Q, "query as application/sparql-query"),
    "bad_query_method": (Q, "PUT is not a protocol method: 405"),
    "bad_multiple_queries": (Q, "two query= parameters: 400"),
    "bad_query_wrong_media_type": (Q, "POST text/plain: 415"),
    "bad_query_missing_form_type": (Q, "form body without a Content-Type: 415"),
    "bad_query_missing_direct_type": (Q, "query body without a Content-Type: 415"),
    "bad_query_non_utf8": (Q, "application/sparql-query in UTF-16: 415"),
    "bad_query_syntax": (Q, "ASK { (unterminated): 400 from the parser"),
    "bad_update_get": (U, "update by GET: 405"),
    "bad_multiple_updates": (U, "two update= parameters: 400"),
    "bad_update_wrong_media_type": (U, "POST text/plain: 415"),
    "bad_update_missing_form_type": (U, "form body without a Content-Type: 415"),
    "bad_update_non_utf8": (U, "application/sparql-update in UTF-16: 415"),
    "bad_update_syntax": (U, "CLEAR XYZ: 400 from the parser, nothing applied"),
    "bad_update_dataset_conflict": (U, "using-named-graph-uri with WITH in the update: 400"),
}
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/trig",
}


def _manifest() -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = list(Collection(graph, graph.value(manifest, MF.entries)))
    return graph, [URIRef(e) for e in entries]


GRAPH, ENTRIES = _manifest()


def test_the_table_covers_the_manifest() -> None:
    assert len(ENTRIES) == 34
    assert [str(e).removeprefix(BASE) for e in ENTRIES] == list(TESTS)


def _send(server, request, endpoint: str) -> httpx.Response:
    g = GRAPH
    method = str(g.value(request, HT.methodName))
    path = str(g.value(request, HT.absolutePath))
    assert path.startswith("/sparql/")
    url = (server.sparql if endpoint == "query" else server.update) + path[len("/sparql/") :]
    headers = {"Authorization": f"Bearer {TOKEN}"} if endpoint == "update" else {}
    header_list = g.value(request, HT.headers)
    for header in Collection(g, header_list) if header_list is not None else []:
        headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
    content = None
    if (body := g.value(request, HT.body)) is not None:
        encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(g.value(body, CNT.chars)).encode(encoding)
    return httpx.request(method, url, headers=headers, content=content, timeout=30)


def _check(response: httpx.Response, expected) -> None:
    g = GRAPH
    statuses = {str(s).removeprefix(HTS) for s in g.objects(expected, MF.expectedStatus)}
    assert f"{response.status_code // 100}xx" in statuses, (response.status_code, response.text)
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    fmt = g.value(expected, MF.expectedFormat)
    if fmt is not None:
        allowed = {"boolean": BOOLEAN_TYPES, "tabular": TABULAR_TYPES, "RDF": RDF_TYPES}
        assert media_type in allowed[str(fmt)], media_type
    boolean = g.value(expected, MF.expectedBoolean)
    if boolean is not None:
        if media_type.endswith("json"):
            value = json.loads(response.text)["boolean"]
        else:
            node = minidom.parseString(response.text).getElementsByTagName("boolean")[0]
            value = node.firstChild.data.strip() == "true"
        assert value is boolean.toPython()


@pytest.mark.parametrize("test", ENTRIES, ids=[str(e).removeprefix(BASE) for e in ENTRIES])
def test_protocol(protocol_server, test: URIRef) -> None:
    endpoints, _about = TESTS[str(test).removeprefix(BASE)]
    action = GRAPH.value(test, MF.action)
    requests = list(Collection(GRAPH, GRAPH.value(action, HT.requests)))
    assert len(requests) == len(endpoints)
    for request, endpoint in zip(requests, endpoints, strict=True):
        response = _send(protocol_server, request, endpoint)
        _check(response, GRAPH.value(request, HT.resp))
