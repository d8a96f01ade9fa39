"""SPARQLWrapper, the client analysts use, against the live server; CQ answers vs embedded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from endpoint_settings import ROW_LIMIT
from live_server import ROOT
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TURTLE, XML, SPARQLWrapper

from ciskg.sparql.execute import QueryJob, run_query
from ciskg.sparql.inspect import inspect_text
from ciskg.sparql.worker import open_for

EX = "http://example.org/ciskg-test/"
SIZES = f"SELECT ?s ?n WHERE {{ ?s <{EX}size> ?n }} ORDER BY ?n"
QUERIES = ROOT / "queries"
TEST_QUERIES = Path(__file__).parent / "data" / "queries"


def wrapper(server, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    form = inspect_text(query).form
    assert form is not None
    client.queryType = form.value  # SPARQLWrapper's own guess can be fooled by comments
    client.setReturnFormat(fmt)
    return client


def test_select_json(server) -> None:
    result = wrapper(server, SIZES, JSON).queryAndConvert()
    assert [int(b["n"]["value"]) for b in result["results"]["bindings"]] == [1, 2, 3, 7]


def test_select_xml(server) -> None:
    document = wrapper(server, SIZES, XML).queryAndConvert()
    values = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert values == ["1", "2", "3", "7"]


def test_select_csv_by_post(server) -> None:
    client = wrapper(server, SIZES, CSV)
    client.setMethod(POST)
    rows = list(csv.DictReader(io.StringIO(client.queryAndConvert().decode())))
    assert [r["n"] for r in rows] == ["1", "2", "3", "7"]


def test_ask(server) -> None:
    assert wrapper(server, f"ASK {{ <{EX}alpha> ?p ?o }}", JSON).queryAndConvert()["boolean"]
    document = wrapper(server, f"ASK {{ <{EX}nothing> ?p ?o }}", XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_construct(server, fmt: str) -> None:
    query = f"CONSTRUCT {{ ?s <{EX}size> ?n }} WHERE {{ ?s <{EX}size> ?n }}"
    result = wrapper(server, query, fmt).queryAndConvert()
    graph = (
        result
        if isinstance(result, Graph)
        else Graph().parse(data=result, format="turtle" if fmt == TURTLE else "json-ld")
    )
    assert len(graph) == 4
    assert (URIRef(EX + "delta"), URIRef(EX + "size"), None) in graph


def competency_queries() -> list[Path]:
    """Every CQ query; the test's own queries while there are none (never an empty list)."""
    found = sorted(QUERIES.glob("cq*.rq")) or sorted(TEST_QUERIES.glob("*.rq"))
    assert found, "no queries/cq*.rq and no tests/http/data/queries/*.rq to check"
    return found


def _unordered(value: str) -> str:
    """A GROUP_CONCAT's parts in sorted order: SPARQL 1.1 leaves the order unspecified, and
    storages differ (pyoxigraph in memory, `oxigraph serve`)."""
    for separator in ("; ", ", "):
        if separator in value:
            return separator.join(sorted(value.split(separator)))
    return value


def _solutions(doc: dict[str, object]) -> object:
    if "boolean" in doc:
        return doc["boolean"]
    head = doc["head"]
    assert isinstance(head, dict)
    bindings = doc["results"]["bindings"]  # type: ignore[index]
    rows = [
        tuple(
            sorted(
                (
                    k,
                    _unordered(v["value"]) if v["type"] != "bnode" else "_:",
                    v.get("datatype"),
                    v.get("xml:lang"),
                )
                for k, v in row.items()
            )
        )
        for row in bindings
    ]
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def embedded(endpoint_store: Path) -> ox.Store:
    """The store as pyoxigraph holds it in memory (as the server's workers do by default):
    GROUP_CONCAT order is unspecified and differs between pyoxigraph's on-disk and
    in-memory storages, so the comparison is made on the same kind of storage."""
    return open_for("memory", endpoint_store)


@pytest.mark.parametrize("path", competency_queries(), ids=lambda p: p.stem)
def test_named_query_answers_equal_the_embedded_store(
    server, embedded: ox.Store, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    remote = wrapper(server, text, JSON)
    remote.setMethod(POST)
    over_http = remote.queryAndConvert()
    local = json.loads(
        run_query(embedded, QueryJob(query=text, format="json", row_limit=ROW_LIMIT)).body
    )
    assert _solutions(over_http) == _solutions(local)
