"""The same answers over the remote backend as over the embedded one, request for request.

Both apps serve the project's build: one from `oxigraph serve` (loaded through the remote
loader), one from an embedded store. Every competency query (queries/cq*.rq, globbed) is
asked of both through /sparql and through /queries/{name} with its parameters bound (the
remote backend writes bindings as VALUES, the embedded one substitutes them), and the
linked-data pages, which query through the same backend, must say the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from live_server import ROOT
from rdflib import Graph
from rdflib.compare import isomorphic

from ciskg import named_queries

QUERIES = sorted((ROOT / "queries").glob("cq*.rq"))
ID = "https://w3id.org/ciskg/id/"
ARGUMENTS = {  # a value for each parameter name the CQ files use, where one fits
    "process": ID + "process/geneva-conference-process",
    "actor": ID + "org/unhcr",
    "funder": ID + "org/european-commission",
    "instrument": ID + "instrument/refugee-convention-1951",
    "meeting": ID + "event/high-level-review-meeting-2004-05-26",
    "event": ID + "event/high-level-review-meeting-2004-05-26",
}
RDF_PAGES = [
    "/id/org/unhcr.nt",
    "/id/process/soderkoping-process.ttl",
    "/id/state/uzb.ttl",
    "/graph/reference.nt",
]
HTML_PAGES = ["/id/state/uzb", "/search?q=geneva", "/browse/process", "/timeline"]


def _unordered(value: str) -> str:
    """GROUP_CONCAT parts sorted: their order is unspecified and differs between storages."""
    for separator in ("; ", ", "):
        if separator in value:
            return separator.join(sorted(value.split(separator)))
    return value


def rows(response: httpx.Response) -> object:
    assert response.status_code == 200, response.text
    doc = response.json()
    if "boolean" in doc:
        return doc["boolean"]
    return sorted(
        (
            tuple(
                sorted(
                    (k, "_:" if v["type"] == "bnode" else _unordered(v["value"]), v.get("datatype"))
                    for k, v in row.items()
                )
            )
            for row in doc["results"]["bindings"]
        ),
        key=repr,
    )


def test_there_are_competency_queries() -> None:
    assert len(QUERIES) >= 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_competency_query_answers_are_the_same(remote_app, embedded_app, path: Path) -> None:
    query = {"query": path.read_text(encoding="utf-8")}
    remote = rows(httpx.post(remote_app.sparql, data=query, timeout=30))
    embedded = rows(httpx.post(embedded_app.sparql, data=query, timeout=30))
    assert remote == embedded
    assert remote, f"{path.stem} has no answer on the built graph: nothing was compared"


def _tests_bound(path: Path) -> bool:
    """Whether the query asks `BOUND(?param)` of one of its parameters."""
    query = named_queries.load(path)
    return any(re.search(rf"BOUND\(\s*\?{p.name}\s*\)", query.text) for p in query.params)


# pyoxigraph 0.5's `substitutions` replace a variable where it is a term but leave
# BOUND(?var) false, so on the embedded backend `FILTER(!BOUND(?p) || …)` lets every row
# through and the parameter has no effect; the remote backend's VALUES binding has the
# query's documented meaning. Strict: this fails as soon as the two agree.
EMBEDDED_IGNORES_BINDING = pytest.mark.xfail(
    strict=True, reason="embedded backend: pyoxigraph substitutions leave BOUND(?param) false"
)
BINDING_CASES = [
    pytest.param(p, id=p.stem, marks=[EMBEDDED_IGNORES_BINDING] if _tests_bound(p) else [])
    for p in QUERIES
]


@pytest.mark.parametrize("path", BINDING_CASES)
def test_named_query_bindings_are_the_same(remote_app, embedded_app, path: Path) -> None:
    query = named_queries.load(path)
    params = {p.name: ARGUMENTS[p.name] for p in query.params if p.name in ARGUMENTS}
    if not query.params:
        pytest.skip("the query takes no parameter")
    if not params:
        pytest.skip(f"no test value for {[p.name for p in query.params]}")
    url = f"/queries/{path.stem}"
    remote = rows(httpx.get(remote_app.base + url, params=params, timeout=30))
    embedded = rows(httpx.get(embedded_app.base + url, params=params, timeout=30))
    assert remote == embedded


@pytest.mark.parametrize("page", RDF_PAGES)
def test_linked_data_descriptions_are_the_same(remote_app, embedded_app, page: str) -> None:
    """The same graph (triples come in store order, so compared as graphs)."""
    remote, embedded = _both(remote_app, embedded_app, page, "*/*")
    fmt = "nt" if page.endswith(".nt") else "turtle"
    assert isomorphic(
        Graph().parse(data=remote.text, format=fmt), Graph().parse(data=embedded.text, format=fmt)
    )


@pytest.mark.parametrize("page", HTML_PAGES)
def test_pages_are_the_same(remote_app, embedded_app, page: str) -> None:
    """The same lines (in store order where a page does not sort)."""
    remote, embedded = _both(remote_app, embedded_app, page, "text/html")
    assert _lines(remote, remote_app.base) == _lines(embedded, embedded_app.base)


def _both(
    remote_app, embedded_app, page: str, accept: str
) -> tuple[httpx.Response, httpx.Response]:
    headers = {"Accept": accept}
    remote = httpx.get(remote_app.base + page, headers=headers, timeout=30)
    embedded = httpx.get(embedded_app.base + page, headers=headers, timeout=30)
    assert remote.status_code == embedded.status_code == 200, remote.text[:500]
    assert remote.headers["content-type"] == embedded.headers["content-type"]
    return remote, embedded


def _lines(response: httpx.Response, base: str) -> list[str]:
    """The body's lines, sorted, with the server's own address taken out."""
    return sorted(response.text.replace(base, "http://server").splitlines())
