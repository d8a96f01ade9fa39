"""`/def` (the ontology) and `/graph/…` (named graphs): documentation pages, or their triples.

Why streamed: a named graph can be as large as the store; its RDF goes out page by page
through the worker pool (`ciskg.dumps`). RDF/XML cannot be written in pieces, so it is
offered only for the ontology, which is small.
"""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ciskg import dumps
from ciskg.describe import Description, add_vocabulary_labels, serialize
from ciskg.errors import NotAcceptable
from ciskg.http import def_view, negotiation, not_found
from ciskg.http.negotiation import HTML, SUFFIXES
from ciskg.http.runner import Runner
from ciskg.http.templating import Page, base_iri, render
from ciskg.namespaces import GRAPH_ONTOLOGY, sparql_prologue
from ciskg.sparql import formats
from ciskg.sparql.formats import ResultFormat

STREAMED = tuple(f for f in formats.GRAPH_FORMATS if f.key in dumps.FORMATS)
ONTOLOGY_FORMATS = tuple(f for f in formats.GRAPH_FORMATS if f.key != "trig")
CLASS_LIMIT = 50


async def vocabulary(request: Request) -> Response:
    return await _vocabulary(request, negotiation.choose(request, ONTOLOGY_FORMATS))


async def vocabulary_file(request: Request, ext: str) -> Response:
    _, chosen = negotiation.split_suffix("def." + ext, ONTOLOGY_FORMATS)
    if chosen is None:
        return not_found.respond(request, base_iri(request) + "def." + ext, html=False)
    return await _vocabulary(request, chosen)


async def _vocabulary(request: Request, chosen: ResultFormat) -> Response:
    runner = Runner.of(request)
    triples = await dumps.collect(runner.triples, str(GRAPH_ONTOLOGY), runner.row_limit)
    headers = {"Vary": "Accept", "Link": negotiation.alternates("/def", ONTOLOGY_FORMATS)}
    if chosen is HTML:
        page = Page(request)
        doc = def_view.build(triples, base_iri(request) + "def", page)
        return render(request, "def.html", page, headers=headers, doc=doc)
    headers["Content-Type"] = chosen.content_type
    return Response(serialize(triples, formats.rdf_format(chosen.key)), headers=headers)


async def named_graph(request: Request, path: str) -> Response:
    stem, suffix = negotiation.split_suffix(path, (*STREAMED, HTML))
    graph = base_iri(request) + "graph/" + stem
    chosen = negotiation.choose(request, STREAMED, suffix)
    try:
        ox.NamedNode(graph)
    except ValueError:
        return not_found.respond(request, graph, html=chosen is HTML)
    runner = Runner.of(request)
    size = await _size(runner, graph)
    if size == 0:
        return not_found.respond(request, graph, html=chosen is HTML)
    if chosen is HTML:
        return await _graph_page(request, runner, graph, stem, size)
    if chosen.key not in dumps.FORMATS:
        raise NotAcceptable("a named graph is served as " + ", ".join(SUFFIXES))
    return StreamingResponse(
        dumps.stream(runner.triples, [graph], chosen.key, runner.row_limit),
        headers={"Content-Type": chosen.content_type, "Vary": "Accept"},
    )


async def _size(runner: Runner, graph: str) -> int:
    g = ox.NamedNode(graph)
    rows = await runner.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
    n = rows[0].get("n") if rows else None
    return int(n.value) if isinstance(n, ox.Literal) else 0


async def _graph_page(
    request: Request, runner: Runner, graph: str, stem: str, size: int
) -> Response:
    g = ox.NamedNode(graph)
    rows = await runner.select(
        sparql_prologue()
        + f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH {g} {{ ?s a ?class }} }}
GROUP BY ?class ORDER BY DESC(?n) ?class LIMIT {CLASS_LIMIT}"""
    )
    page = Page(request)
    desc = Description(graph)
    await add_vocabulary_labels(runner.select, desc)
    page.labels = desc.labeller(page.languages)
    classes = [
        (page.label(r["class"].value), page.href(r["class"].value), r["n"].value)
        for r in rows
        if isinstance(r.get("class"), ox.NamedNode) and isinstance(r.get("n"), ox.Literal)
    ]
    downloads = [(f.key, f"/graph/{stem}{negotiation.SUFFIX_OF[f.key]}") for f in STREAMED]
    return render(
        request,
        "graph.html",
        page,
        headers={"Vary": "Accept"},
        graph=graph,
        size=size,
        classes=classes,
        downloads=downloads,
    )
