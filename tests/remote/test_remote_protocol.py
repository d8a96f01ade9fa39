"""The SPARQL protocol over the remote backend: the same bytes as embedded, the same refusals.

(The whole endpoint suite in tests/http and the W3C protocol suite in tests/w3c also run
against the remote backend; this module checks what is particular to it.)
"""

from __future__ import annotations

import asyncio
import socket
import time

import httpx
import pytest
from live_server import LiveServer
from oxigraph_server import OxigraphServer
from rdflib import Graph
from rdflib.compare import isomorphic
from remote_settings import TOKEN

from ciskg.remote import RemoteStore
from ciskg.sparql.execute import QueryJob
from ciskg.sparql.remote_backend import RemoteBackend
from ciskg.store import load_into

STATES = (
    "PREFIX cis: <https://w3id.org/ciskg/def#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?state ?label WHERE { ?state a cis:State ; rdfs:label ?label "
    'FILTER(LANG(?label) = "en") } ORDER BY ?label'
)
UNHCR = "<https://w3id.org/ciskg/id/org/unhcr>"
REFERENCE = "<https://w3id.org/ciskg/graph/reference>"
DESCRIBE = f"CONSTRUCT {{ {UNHCR} ?p ?o }} WHERE {{ GRAPH {REFERENCE} {{ {UNHCR} ?p ?o }} }}"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_formats_are_byte_for_byte_the_embedded_ones(
    remote_app, embedded_app, fmt: str
) -> None:
    remote = httpx.get(remote_app.sparql, params={"query": STATES, "format": fmt})
    embedded = httpx.get(embedded_app.sparql, params={"query": STATES, "format": fmt})
    assert remote.status_code == 200, remote.text
    assert remote.content == embedded.content and remote.content.count(b"Uzbekistan") == 1
    assert remote.headers["content-type"] == embedded.headers["content-type"]
    assert remote.headers["etag"] == embedded.headers["etag"]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "trig"])
def test_graph_formats_match_the_embedded_ones(remote_app, embedded_app, fmt: str) -> None:
    remote = httpx.get(remote_app.sparql, params={"query": DESCRIBE, "format": fmt})
    embedded = httpx.get(embedded_app.sparql, params={"query": DESCRIBE, "format": fmt})
    assert remote.status_code == 200, remote.text
    assert remote.headers["content-type"] == embedded.headers["content-type"]
    parse_as = {"ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}.get(fmt, fmt)
    graphs = [Graph().parse(data=r.content, format=parse_as) for r in (remote, embedded)]
    assert len(graphs[0]) > 5 and isomorphic(*graphs)  # triples come in store order


def test_ask_and_negotiation(remote_app) -> None:
    ask = httpx.get(remote_app.sparql, params={"query": f"ASK {{ {UNHCR} ?p ?o }}"})
    assert ask.json() == {"head": {}, "boolean": True}
    xml = httpx.get(remote_app.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/xml"})
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert (
        httpx.get(
            remote_app.sparql, params={"query": "ASK {}"}, headers={"Accept": "text/turtle"}
        ).status_code
        == 406
    )


def test_a_bad_query_is_400_with_the_position_in_the_clients_text(remote_app) -> None:
    response = httpx.get(
        remote_app.sparql, params={"query": "SELECT * WHERE {\n ?s ?p ?o .\n FILTER(?x = ) }"}
    )
    assert response.status_code == 400
    assert "error at 3:" in response.text  # not 4: the BASE line ciskg adds is taken off


def test_relative_iris_resolve_against_this_endpoint(remote_app) -> None:
    response = httpx.get(remote_app.sparql, params={"query": "SELECT ?x { BIND(<rel> AS ?x) }"})
    assert response.json()["results"]["bindings"][0]["x"]["value"] == remote_app.base + "/rel"


def test_service_is_refused_before_anything_is_sent(remote_app) -> None:
    with socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))
        trap.listen(1)
        trap.setblocking(False)
        query = f"SELECT * {{ SERVICE <http://127.0.0.1:{trap.getsockname()[1]}/> {{ ?s ?p ?o }} }}"
        response = httpx.get(remote_app.sparql, params={"query": query})
        assert response.status_code == 400 and "SERVICE" in response.text
        time.sleep(0.2)
        with pytest.raises(BlockingIOError):
            trap.accept()


def test_updates_need_the_token_and_reach_the_store(
    scratch_oxigraph: OxigraphServer, tmp_path
) -> None:
    app = LiveServer(scratch_oxigraph.store, tmp_path / "app.log", update_token=TOKEN).start()
    try:
        update = "INSERT DATA { GRAPH <http://example.org/g> { <urn:a> <urn:b> <rel> } }"
        form = {"Content-Type": "application/sparql-update"}
        assert httpx.post(app.update, content=update, headers=form).status_code == 403
        ask = {"query": "ASK { <urn:a> <urn:b> ?o }"}
        assert httpx.get(app.sparql, params=ask).json()["boolean"] is False
        auth = form | {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(app.update, content=update, headers=auth).status_code == 204
        found = httpx.get(app.sparql, params={"query": "SELECT ?o { <urn:a> <urn:b> ?o }"})
        assert found.json()["results"]["bindings"][0]["o"]["value"] == app.base + "/rel"
        bad = httpx.post(app.update, content="CLEAR XYZ", headers=auth)
        assert bad.status_code == 400 and "error at 1:" in bad.text
    finally:
        app.stop()


def _count(store: RemoteStore, job: QueryJob) -> int:
    async def run() -> int:
        backend = RemoteBackend(store, timeout_s=10, cache_s=0)
        await backend.start()
        try:
            result = await backend.query(job)
        finally:
            await backend.close()
        return int(result.body.decode().splitlines()[1].split("^^")[0].strip('"'))

    return asyncio.run(run())


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("union", ["param", "list", "server"])
def test_every_union_mode_gives_the_union_default_graph(
    tmp_path, dataset: bytes, union: str
) -> None:
    extra = ("--union-default-graph",) if union == "server" else ()
    server = OxigraphServer(tmp_path / "oxigraph.log", None, *extra).start()
    try:
        quads = load_into(server.store, dataset)
        base = f"http://127.0.0.1:{server.port}"
        store = RemoteStore(base + "/query", base + "/update", base + "/store", union=union)
        assert _count(store, QueryJob(COUNT, "tsv")) == quads
        graph = "https://w3id.org/ciskg/graph/ontology"
        only = QueryJob(COUNT, "tsv", default_graphs=[graph], named_graphs=[])
        assert 0 < _count(store, only) < quads
        if union == "server":
            return  # `oxigraph serve --union-default-graph` ignores FROM: use `param` with it
        text = COUNT.replace("WHERE", f"FROM <{graph}> WHERE")
        assert _count(store, QueryJob(text, "tsv", union_default=False)) == _count(store, only)
    finally:
        server.stop()
