"""The store's named graphs serialised as a stream of chunks, page by page.

Why pages of CONSTRUCT queries and not `Store.dump`: the server never touches the store
itself — every read goes through the worker pool under the time and row limits — and a
page at a time keeps memory flat whatever the size of the data. How it stays exact:

- graph by graph: within one graph a triple pattern has no duplicate solutions, so a
  page holds exactly `page_size` triples until the last one, and OFFSET walks the graph's
  index in a fixed order (the same in every worker, which load the same data);
- triples with a blank node come first, in one query per graph: blank-node labels are
  only stable within one answer (each worker labels its copy of the data afresh). The
  data has blank nodes only in the ontology's OWL axioms; a graph with more blank-node
  triples than the row limit cannot be dumped this way and the stream stops with an error.

Formats: N-Triples pages go out as the workers write them; Turtle pages are re-serialised
with the project's prefixes (a Turtle document may declare prefixes again); JSON-LD is one
expanded array, whose items each page adds; TriG puts each page in a block of its graph.
The union formats (N-Triples, Turtle, JSON-LD) repeat a triple held by two graphs (the
`inferred` graph restates some facts): parsers merge them. The default graph (outside
every named graph) is not dumped; `ciskg build` puts nothing there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pyoxigraph as ox

from ciskg.describe import serialize

Fetch = Callable[[str], Awaitable[bytes]]  # a CONSTRUCT query → its N-Triples
FORMATS = {
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"


def blank_query(graph: str) -> str:
    g = ox.NamedNode(graph)
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o "
        "FILTER(isBlank(?s) || isBlank(?o)) } }"
    )


def page_query(graph: str, offset: int, limit: int) -> str:
    g = ox.NamedNode(graph)
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o "
        f"FILTER(!isBlank(?s) && !isBlank(?o)) }} }} OFFSET {offset} LIMIT {limit}"
    )


async def graph_pages(fetch: Fetch, graph: str, page_size: int) -> AsyncIterator[bytes]:
    """N-Triples chunks holding every triple of `graph` once."""
    blank = await fetch(blank_query(graph))
    if blank:
        yield blank
    offset = 0
    while True:
        page = await fetch(page_query(graph, offset, page_size))
        if page:
            yield page
        if page.count(b"\n") < page_size:
            return
        offset += page_size


async def stream(fetch: Fetch, graphs: list[str], fmt: str, page_size: int) -> AsyncIterator[bytes]:
    """The named graphs `graphs` in format `fmt` (a key of FORMATS), chunk by chunk."""
    if fmt == "jsonld":
        yield b"["
    first = True
    for graph in graphs:
        async for page in graph_pages(fetch, graph, page_size):
            if fmt == "ntriples":
                yield page
            elif fmt == "trig":
                yield b"%s {\n%s}\n" % (str(ox.NamedNode(graph)).encode(), page)
            else:
                triples = list(ox.parse(page, format=ox.RdfFormat.N_TRIPLES))
                body = serialize(triples, FORMATS[fmt])  # type: ignore[arg-type]
                if fmt == "jsonld":
                    items = body.strip()[1:-1].strip()
                    if not items:
                        continue
                    body = items if first else b"," + items
                first = False
                yield body
    if fmt == "jsonld":
        yield b"]"


async def collect(fetch: Fetch, graph: str, page_size: int) -> list[ox.Triple]:
    """Every triple of one graph in memory (for RDF/XML, and the ontology's documentation)."""
    out: list[ox.Triple] = []
    async for page in graph_pages(fetch, graph, page_size):
        out.extend(t for t in ox.parse(page, format=ox.RdfFormat.N_TRIPLES))  # type: ignore[misc]
    return out
